import { writable, type Readable } from 'svelte/store';
import { registerSW } from 'virtual:pwa-register';

/**
 * Updates wait for the user. A new build's service worker installs and waits; Brook says an
 * update is ready and applies it when the user agrees (after this tab's answers end). A tab whose
 * page is older than the worker now in charge (updated from another tab) reloads by itself only
 * while it has no answer streaming and no unsent draft; otherwise it says a reload is needed.
 */
export type UpdateState =
  { kind: 'current' } | { kind: 'ready' } | { kind: 'applying' } | { kind: 'reload-needed' };

export interface AppUpdates extends Readable<UpdateState> {
  /** The user agreed: apply once this tab's answers have ended, then reload. */
  apply(): void;
  /** Call when this tab becomes idle (no answer streaming): a pending reload may happen now. */
  idle(): void;
  /** A newer Brook took over the database (another tab): this page must reload. */
  needsReload(): void;
}

export interface UpdateGuards {
  answering(): boolean;
  draftPending(): boolean;
}

export function registerServiceWorker(guards: UpdateGuards): AppUpdates {
  const state = writable<UpdateState>({ kind: 'current' });
  let current: UpdateState = { kind: 'current' };
  let userAgreed = false;
  state.subscribe((value) => (current = value));
  let update: (reload?: boolean) => Promise<void> = async () => undefined;

  /** Lets the waiting worker take over; the page reloads once it is in charge (onNeedReload). */
  async function activate(): Promise<void> {
    const controlled = !!navigator.serviceWorker?.controller;
    await update(true);
    // A page the old worker never controlled gets no "controlling" event: reload it here.
    if (!controlled) location.reload();
  }

  function needsReload(): void {
    state.set({ kind: 'reload-needed' });
    reloadIfSafe();
  }

  function reloadIfSafe(): void {
    if (guards.answering()) return;
    if (userAgreed || !guards.draftPending()) location.reload();
  }

  if ('serviceWorker' in navigator) {
    update = registerSW({
      immediate: true,
      onNeedRefresh() {
        state.set({ kind: 'ready' });
      },
      // The new worker is in charge (this tab or another applied it): this page is old code.
      onNeedReload: needsReload,
      onRegisterError(error: unknown) {
        console.warn('Brook: service worker registration failed; offline start is unavailable', error);
      },
    });
  }

  return {
    subscribe: state.subscribe,
    apply() {
      userAgreed = true;
      if (current.kind === 'reload-needed') return reloadIfSafe();
      state.set({ kind: 'applying' });
      if (!guards.answering()) void activate();
    },
    needsReload,
    idle() {
      if (current.kind === 'applying') void activate();
      else if (current.kind === 'reload-needed') reloadIfSafe();
    },
  };
}
