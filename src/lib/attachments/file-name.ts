/**
 * A file's name as Brook shows it and puts it in prompts, whoever gave it (the user's system, an
 * imported file): no control characters, so no name can forge a line of the prompt; at most 255
 * characters; `fallback` when nothing is left.
 */
export function fileName(raw: string, fallback = 'file'): string {
  // eslint-disable-next-line no-control-regex
  const shown = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return shown.trim().slice(0, 255) || fallback;
}
