/**
 * Copies text through a hidden textarea and `execCommand('copy')`: the only way to copy where the async
 * Clipboard API is missing or refused (a LAN http:// page is not a secure context). Returns whether the
 * browser accepted the copy.
 */
export function copyViaTextarea(text: string, doc: Document): boolean {
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  doc.body.append(area);
  area.select();
  // execCommand is deprecated but is the only fallback for non-secure contexts.
  const copied = doc.execCommand('copy');
  area.remove();
  return copied;
}
