/**
 * Deterministic long answers, cut into model-like tokens (about 5 characters a token, as a real
 * answer is). The markdown answer has headings, paragraphs with inline code, emphasis and links,
 * bullet and numbered lists, and fenced code blocks (TypeScript, Python, JSON, bash); the math
 * answer puts inline and display formulas in every paragraph; the diagram answer draws a
 * different Mermaid diagram in every section. The last token is a unique end marker, so a
 * benchmark can see when the whole answer is on screen.
 */
import { seeded } from '../../scripts/lib/seeded-random.mjs';

const WORDS = (
  'the river carries each token downstream while the renderer keeps finished blocks and parses only ' +
  'the unfinished tail so the cost of an update stays small however long the answer grows and the ' +
  'reader can scroll select and copy text without the view fighting back local models stream quickly'
).split(' ');

const CODE: Record<string, string[]> = {
  ts: [
    'export async function* stream(url: string, signal: AbortSignal) {',
    '  const response = await fetch(url, { method: "POST", signal });',
    '  const reader = response.body!.getReader();',
    '  const decoder = new TextDecoder();',
    '  let buffer = "";',
    '  for (;;) {',
    '    const { done, value } = await reader.read();',
    '    if (done) break;',
    '    buffer += decoder.decode(value, { stream: true });',
    '    yield* buffer.split("\\n");',
    '  }',
    '}',
  ],
  python: [
    'def tokens(text: str) -> list[str]:',
    '    """Split text the way a tokenizer might."""',
    '    out = []',
    '    for word in text.split(" "):',
    '        if len(word) > 6:',
    '            out.extend([word[:4], word[4:]])',
    '        else:',
    '            out.append(word)',
    '    return out',
  ],
  json: [
    '{',
    '  "model": "llama3.2",',
    '  "stream": true,',
    '  "options": { "temperature": 0.7, "num_ctx": 8192 }',
    '}',
  ],
  bash: [
    'ollama pull llama3.2',
    'OLLAMA_ORIGINS="http://localhost:*" ollama serve',
    'curl -s http://127.0.0.1:11434/api/tags | jq .',
  ],
};
const LANGUAGES = Object.keys(CODE);

function sentence(next: () => number, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i += 1) {
    let word = WORDS[Math.floor(next() * WORDS.length)] ?? 'token';
    const roll = next();
    if (roll < 0.04) word = `\`${word}()\``;
    else if (roll < 0.07) word = `**${word}**`;
    else if (roll < 0.09) word = `*${word}*`;
    else if (roll < 0.1) word = `[${word}](https://example.com/${word})`;
    parts.push(word);
  }
  const text = parts.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function section(next: () => number, index: number): string {
  const blocks = [`## Part ${index + 1}: ${sentence(next, 4).slice(0, -1)}`];
  blocks.push(`${sentence(next, 18)} ${sentence(next, 14)} ${sentence(next, 20)}`);
  const bullets = 3 + Math.floor(next() * 4);
  blocks.push(
    Array.from({ length: bullets }, () => `- ${sentence(next, 6 + Math.floor(next() * 8))}`).join('\n'),
  );
  blocks.push(sentence(next, 16));
  const language = LANGUAGES[index % LANGUAGES.length] ?? 'ts';
  blocks.push(['```' + language, ...(CODE[language] ?? []), '```'].join('\n'));
  if (index % 2 === 1) {
    blocks.push(Array.from({ length: 4 }, (_, i) => `${i + 1}. ${sentence(next, 8)}`).join('\n'));
  }
  return blocks.join('\n\n');
}

/** Splits text into model-like tokens: a word with its leading space, a run of newlines, short pieces of long words. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const piece of text.match(/[ \t]*[^\s]+|\n+|[ \t]+/g) ?? []) {
    for (let i = 0; i < piece.length; i += 8) tokens.push(piece.slice(i, i + 8));
  }
  return tokens;
}

/** Inline formulas of the kinds models write, `$…$` and backslash-parenthesis, varied by a number so few repeat. */
function inlineFormula(next: () => number, n: number): string {
  const pick = Math.floor(next() * 4);
  if (pick === 0) return `$x_{${n}}^2 + y^2 = r^2$`;
  if (pick === 1) return `\\(\\frac{a_{${n}}}{b + ${n}}\\)`;
  if (pick === 2) return `$\\sum_{i=1}^{${n}} i = \\frac{${n}(${n}+1)}{2}$`;
  return `$\\alpha_{${n}} \\le \\sqrt{\\beta + ${n}}$`;
}

/** Display formulas (`$$…$$` on their own lines or one line, backslash-bracket with a matrix), one per section. */
function displayFormula(n: number): string {
  const kinds = [
    `$$\n\\int_0^{${n}} e^{-x^2}\\,dx \\approx \\frac{\\sqrt{\\pi}}{2}\\operatorname{erf}(${n})\n$$`,
    `\\[\n\\mathbf{A}_{${n}} = \\begin{pmatrix} 1 & ${n} \\\\ 0 & 1 \\end{pmatrix}\n\\]`,
    `$$\\lim_{k \\to \\infty} \\left(1 + \\frac{${n}}{k}\\right)^k = e^{${n}}$$`,
  ];
  return kinds[n % kinds.length] ?? kinds[0]!;
}

function mathSection(next: () => number, index: number): string {
  const withFormulas = (words: number) =>
    `${sentence(next, words).slice(0, -1)} ${inlineFormula(next, index * 3 + 1)} and ${inlineFormula(next, index * 3 + 2)}.`;
  return [
    `## Part ${index + 1}: ${sentence(next, 4).slice(0, -1)}`,
    `${withFormulas(14)} ${sentence(next, 12)}`,
    displayFormula(index),
    `${withFormulas(10)} ${withFormulas(8)}`,
    Array.from({ length: 3 }, (_, i) => `- ${sentence(next, 5)} ${inlineFormula(next, index * 3 + i)}`).join(
      '\n',
    ),
  ].join('\n\n');
}

/** A flowchart or a sequence diagram, its labels numbered so every diagram is drawn, none cached. */
function diagram(next: () => number, index: number): string {
  if (index % 2 === 0) {
    const steps = 3 + Math.floor(next() * 3);
    const lines = ['flowchart LR'];
    for (let i = 0; i < steps; i += 1)
      lines.push(`  S${index}n${i}[Step ${index}.${i}] --> S${index}n${i + 1}`);
    lines.push(`  S${index}n${steps}{Done ${index}?}`);
    return ['```mermaid', ...lines, '```'].join('\n');
  }
  return [
    '```mermaid',
    'sequenceDiagram',
    `  participant B as Brook ${index}`,
    '  participant S as Server',
    `  B->>S: POST /api/chat (${index})`,
    '  S-->>B: token',
    '  S-->>B: done',
    '```',
  ].join('\n');
}

function diagramSection(next: () => number, index: number): string {
  return [
    `## Part ${index + 1}: ${sentence(next, 4).slice(0, -1)}`,
    `${sentence(next, 18)} ${sentence(next, 14)}`,
    diagram(next, index),
    sentence(next, 16),
  ].join('\n\n');
}

export type CorpusKind = 'markdown' | 'math' | 'diagrams';

const SECTIONS: Record<CorpusKind, (next: () => number, index: number) => string> = {
  markdown: section,
  math: mathSection,
  diagrams: diagramSection,
};

/** About `count` tokens of one kind of answer (whole sections, never cut inside a block), ending with `endMarker`. */
export function corpusTokens(kind: CorpusKind, count: number, endMarker: string): string[] {
  const next = seeded(20_260_101);
  const tokens: string[] = tokenize('# A long streamed answer\n\n');
  for (let index = 0; tokens.length < count - 4; index += 1) {
    for (const token of tokenize(`${SECTIONS[kind](next, index)}\n\n`)) tokens.push(token);
  }
  tokens.push('Done', ':', ` ${endMarker}`, '.');
  return tokens;
}

/** About `count` tokens of markdown, ending with `endMarker`. */
export function markdownTokens(count: number, endMarker: string): string[] {
  return corpusTokens('markdown', count, endMarker);
}
