/**
 * Puts the streaming tail's new HTML (sanitized by the markdown module) into the page by changing only what
 * differs from what is there. Replacing the tail's nodes on every token made the browser compute style for,
 * lay out and repaint the whole open block each time; most tokens only lengthen its last text node.
 */

/** Makes `target`'s children equal to `html` parsed, keeping every node that is already right. */
export function morphInto(target: Element, html: string): void {
  template ??= document.createElement('template');
  template.innerHTML = html;
  morphChildren(target, template.content);
}

/** One parser for every view (a template's content is inert: nothing in it loads or runs). */
let template: HTMLTemplateElement | null = null;

function morphChildren(from: ParentNode, to: ParentNode): void {
  let existing = from.firstChild;
  let wanted = to.firstChild;
  while (wanted !== null) {
    const nextWanted: ChildNode | null = wanted.nextSibling;
    if (existing === null) {
      from.appendChild(wanted);
    } else if (sameKind(existing, wanted)) {
      morphNode(existing, wanted);
      existing = existing.nextSibling;
    } else {
      from.insertBefore(wanted, existing);
      const stale = existing;
      existing = existing.nextSibling;
      stale.remove();
    }
    wanted = nextWanted;
  }
  while (existing !== null) {
    const stale = existing;
    existing = existing.nextSibling;
    stale.remove();
  }
}

/** Same node type, and for elements the same tag: one can become the other in place. */
function sameKind(a: Node, b: Node): boolean {
  if (a.nodeType !== b.nodeType) return false;
  return a.nodeType !== Node.ELEMENT_NODE || a.nodeName === b.nodeName;
}

function morphNode(existing: ChildNode, wanted: ChildNode): void {
  if (existing.nodeType !== Node.ELEMENT_NODE) {
    if (existing.nodeValue !== wanted.nodeValue) existing.nodeValue = wanted.nodeValue;
    return;
  }
  morphAttributes(existing as Element, wanted as Element);
  morphChildren(existing as Element, wanted as Element);
}

function morphAttributes(existing: Element, wanted: Element): void {
  for (const name of existing.getAttributeNames()) {
    if (!wanted.hasAttribute(name)) existing.removeAttribute(name);
  }
  for (const name of wanted.getAttributeNames()) {
    const value = wanted.getAttribute(name)!;
    if (existing.getAttribute(name) !== value) existing.setAttribute(name, value);
  }
}
