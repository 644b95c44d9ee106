import { getContext, setContext } from 'svelte';
import type { Brook } from './brook';

const KEY = Symbol('brook');

/** Makes the app's stores available to every component below the caller. */
export function provideBrook(brook: Brook): void {
  setContext(KEY, brook);
}

export function useBrook(): Brook {
  const brook = getContext<Brook | undefined>(KEY);
  if (!brook) throw new Error('Brook: useBrook() called outside the app');
  return brook;
}
