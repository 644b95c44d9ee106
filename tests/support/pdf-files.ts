// Tiny, dependency-free PDF generator for tests and benchmarks.
// Everything is written as ASCII, so a string's length is its byte length and
// xref offsets can be computed while concatenating.

const encoder = new TextEncoder();

const HELVETICA = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/** Numbers the objects 1..n in order and appends a classic xref table and trailer. */
function assemble(objects: string[], trailerExtra = ''): Uint8Array {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xrefAt = out.length;
  // Each xref entry must be exactly 20 bytes, hence the space before "\n".
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R${trailerExtra} >>\n`;
  out += `startxref\n${xrefAt}\n%%EOF\n`;
  return encoder.encode(out);
}

/**
 * Catalog (1), page tree (2), `shared` objects (3, 4, ...), then a page and its
 * content stream per entry of `contents`.
 */
function pagesPdf(
  contents: string[],
  resources: string,
  shared: string[] = [],
  trailerExtra = '',
): Uint8Array {
  const first = 3 + shared.length;
  const kids = contents.map((_, i) => `${first + 2 * i} 0 R`).join(' ');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${contents.length} >>`,
    ...shared,
  ];
  contents.forEach((content, i) => {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources ${resources} /Contents ${first + 2 * i + 1} 0 R >>`,
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    );
  });
  return assemble(objects, trailerExtra);
}

/** A PDF literal string; fails loudly on non-ASCII so the byte arithmetic above stays true. */
function pdfString(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError(`textPdf supports printable ASCII only: ${text}`);
  return `(${text.replace(/[\\()]/g, '\\$&')})`;
}

/** Draws each line of `text` top-down; T* moves down by the leading set with TL. */
function textContent(text: string): string {
  const lines = text.split('\n').map((line) => `${pdfString(line)} Tj`);
  return `BT /F1 12 Tf 14 TL 72 720 Td ${lines.join(' T* ')} ET`;
}

/** One page per string, in Helvetica 12pt; "\n" starts a new line. */
export function textPdf(pages: string[]): Uint8Array {
  return pagesPdf(pages.map(textContent), '<< /Font << /F1 3 0 R >> >>', [HELVETICA]);
}

/** Pages that paint something but have no text layer, like a scanned document. */
export function imageOnlyPdf(pageCount: number): Uint8Array {
  const contents = Array.from({ length: pageCount }, () => '0 0 1 rg 72 72 200 200 re f');
  return pagesPdf(contents, '<< >>');
}

/**
 * Standard security handler, RC4 40-bit (V1 R2). /U is not the encryption of the
 * padding under the empty-password key, so opening without a password fails with
 * PasswordException (code NEED_PASSWORD). Nothing in the file is really encrypted;
 * the reader gives up before it reads any page.
 */
export function encryptedPdf(): Uint8Array {
  const encrypt = `<< /Filter /Standard /V 1 /R 2 /O <${'a5'.repeat(32)}> /U <${'5a'.repeat(32)}> /P -4 >>`;
  const id = `<${'0123456789abcdef'.repeat(2)}>`;
  return pagesPdf(
    [textContent('secret')],
    '<< /Font << /F1 3 0 R >> >>',
    [HELVETICA, encrypt],
    ` /Encrypt 4 0 R /ID [${id} ${id}]`,
  );
}

/** Plain text, so the %PDF header is missing. */
export function notAPdf(): Uint8Array {
  return encoder.encode('This is not a PDF, just a text file.\n');
}

/** The first ~60% of a three-page textPdf: later pages, the xref table and trailer are missing. */
export function truncatedPdf(): Uint8Array {
  const whole = textPdf(['First page', 'Second page', 'Third page']);
  return whole.slice(0, Math.floor(whole.length * 0.6));
}
