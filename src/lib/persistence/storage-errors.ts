/** Turns an IndexedDB failure into a sentence a user can act on. */
export function describeStorageError(error: unknown): string {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  const keep = 'The answer is still on screen: copy it before closing the tab.';
  if (name === 'QuotaExceededError') {
    return `Brook could not save: this site's storage is full. ${keep} Deleting old conversations frees space.`;
  }
  if (name === 'InvalidStateError' || name === 'UnknownError') {
    return `Brook could not save: the browser closed its database (private mode or low disk?). ${keep}`;
  }
  const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
  return `Brook could not save this conversation${detail}. ${keep}`;
}
