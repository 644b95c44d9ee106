/**
 * How the renderer hands a formula's markup to the sanitizer as one piece: between two comments that carry a
 * random nonce of this page load. The sanitizer then sanitizes each distinct formula once and keeps the result
 * (KaTeX's markup is large, and the streaming tail and the finished block render the same formulas again),
 * and the HTML around formulas without them. Model text cannot forge a mark: the renderer escapes all of it,
 * so `<!--` never comes from the model, and the nonce is never shown.
 */
const NONCE = Array.from(crypto.getRandomValues(new Uint32Array(2)), (n) => n.toString(36)).join('');
const OPEN = `<!--formula:${NONCE}-->`;
const CLOSE = `<!--/formula:${NONCE}-->`;
/** Stands in for formula `i` while the HTML around it is sanitized: text, so it passes through as it is. */
const SLOT = new RegExp(`\uE000${NONCE}:(\\d+)\uE001`, 'g');

/** `html` (one formula's markup) marked for the sanitizer. */
export function markFormula(html: string): string {
  return OPEN + html + CLOSE;
}

/** Renderer HTML with each marked formula replaced by a text slot, and the formulas' markup in order. */
export interface SplitFormulas {
  around: string;
  formulas: string[];
}

/**
 * Splits out the marked formulas of `html`. HTML without marks comes back as it is (no copy: the common case, on
 * every streaming update); HTML whose marks do not pair up comes back without its marks and with no formulas
 * split out, to be sanitized whole.
 */
export function splitFormulas(html: string): SplitFormulas {
  if (!html.includes(OPEN)) return { around: html.includes(CLOSE) ? stripMarks(html) : html, formulas: [] };
  const parts = html.split(OPEN);
  const formulas: string[] = [];
  let around = parts[0] ?? '';
  for (const part of parts.slice(1)) {
    const end = part.indexOf(CLOSE);
    if (end === -1 || part.includes(CLOSE, end + CLOSE.length))
      return { around: stripMarks(html), formulas: [] };
    around += `\uE000${NONCE}:${formulas.length}\uE001${part.slice(end + CLOSE.length)}`;
    formulas.push(part.slice(0, end));
  }
  return around.includes(CLOSE) ? { around: stripMarks(html), formulas: [] } : { around, formulas };
}

/** Puts each formula's (sanitized) markup back where its slot is in the sanitized HTML around them. */
export function fillFormulaSlots(html: string, formula: (index: number) => string): string {
  return html.replace(SLOT, (_, index: string) => formula(Number(index)));
}

function stripMarks(html: string): string {
  return html.replaceAll(OPEN, '').replaceAll(CLOSE, '');
}
