import type { ChatStore } from '../lib/stores/chat-store';

/**
 * Saves a streaming answer when the page is hidden (the tab may be discarded) and, when it is
 * being closed or reloaded, also writes the synchronous recovery copy.
 */
export function watchPageLifecycle(chat: ChatStore): () => void {
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') chat.persistNow('hidden');
  };
  const onPageHide = () => chat.persistNow('closing');
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', onPageHide);
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', onPageHide);
  };
}
