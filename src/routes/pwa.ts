import { registerSW } from 'virtual:pwa-register';

/** Registers the service worker that caches the app shell (it never touches LLM server calls). */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  registerSW({
    immediate: true,
    onRegisterError(error: unknown) {
      console.warn('Brook: service worker registration failed; offline start is unavailable', error);
    },
  });
}
