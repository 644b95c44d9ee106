/** Random ids for conversations and messages (crypto.randomUUID exists in browsers and Node 20). */
export function newId(): string {
  return crypto.randomUUID();
}
