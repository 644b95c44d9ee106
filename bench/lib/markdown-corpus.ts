/**
 * A deterministic long markdown answer, cut into model-like tokens: headings, paragraphs with
 * inline code, emphasis and links, bullet and numbered lists, and fenced code blocks (TypeScript,
 * Python, JSON, bash), about 5 characters a token, as a real answer is. The last token is a
 * unique end marker, so a benchmark can see when the whole answer is on screen.
 */

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

/** A small deterministic generator (mulberry32), so every run streams the same answer. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

/** About `count` tokens of markdown (whole sections, never cut inside a code block), ending with `endMarker`. */
export function markdownTokens(count: number, endMarker: string): string[] {
  const next = random(20_260_101);
  const tokens: string[] = tokenize('# A long streamed answer\n\n');
  for (let index = 0; tokens.length < count - 4; index += 1) {
    for (const token of tokenize(`${section(next, index)}\n\n`)) tokens.push(token);
  }
  tokens.push('Done', ':', ` ${endMarker}`, '.');
  return tokens;
}
