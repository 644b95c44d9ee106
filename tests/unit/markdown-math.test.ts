import { describe, expect, it } from 'vitest';
import {
  IncrementalMarkdown,
  isMathLoaded,
  loadMath,
  onMathLoaded,
  renderMarkdown,
} from '../../src/lib/markdown';
import { StyleClasses } from '../../src/lib/markdown/math-styles';
import { inlineMathAt, maskFormulas, nextInlineMathStart } from '../../src/lib/markdown/math-syntax';
import { MATH_TAGS } from '../../src/lib/markdown/sanitize-policy';
import { joinedHtml, randomChunks, testDom } from './markdown-test-support';
import { seeded } from './seeded-random';

// This file runs in its own module graph, so KaTeX starts out not loaded, as on a fresh page.
const { sanitizer, window } = testDom();

/** The LaTeX sources of the formulas KaTeX typeset in `html` (from the MathML annotations). */
function formulas(html: string): string[] {
  const holder = window.document.createElement('div');
  holder.innerHTML = html;
  return Array.from(holder.getElementsByTagName('annotation'), (node) => node.textContent ?? '');
}

/** Throws unless the math in `html` is only KaTeX's inert markup: no style, no links, no loads, no handlers. */
function assertMathInert(html: string): void {
  const holder = window.document.createElement('div');
  holder.innerHTML = html;
  for (const element of Array.from(holder.getElementsByTagName('*'))) {
    const where = `<${element.localName}> in ${html.slice(0, 200)}`;
    if (MATH_TAGS.has(element.localName) && !element.closest('.katex'))
      throw new Error(`math outside KaTeX ${where}`);
    if (
      ['script', 'img', 'image', 'use', 'foreignobject', 'style', 'iframe', 'a'].includes(element.localName)
    ) {
      throw new Error(`unexpected element ${where}`);
    }
    for (const { name, value } of Array.from(element.attributes)) {
      if (/^(?:on|style$|src$|href$|xlink|srcset$|action$)/i.test(name))
        throw new Error(`attribute ${name} on ${where}`);
      // A title (KaTeX's error message) may quote the source; any other attribute must not carry it.
      if (name !== 'title' && /javascript:|evil\.example|url\(/i.test(value))
        throw new Error(`${name}="${value}" on ${where}`);
    }
    for (const name of Array.from(element.classList)) {
      if (['btn', 'modal', 'prose', 'input', 'field'].includes(name))
        throw new Error(`app class ${name}: ${where}`);
    }
  }
}

describe('math syntax', () => {
  const found = (text: string): string[] => {
    const tex: string[] = [];
    for (let at = nextInlineMathStart(text); at !== undefined;) {
      const token = inlineMathAt(text, at);
      if (token) tex.push(token.tex);
      at = nextInlineMathStart(text, at + (token?.raw.length ?? 1));
    }
    return tex;
  };

  it('finds $…$, $$…$$, \\(…\\) and \\[…\\]', () => {
    expect(found('Euler: $e^{i\\pi}+1=0$.')).toEqual(['e^{i\\pi}+1=0']);
    expect(found('so $$\\sum_i i$$ and \\(a_1\\) and \\[ b \\]')).toEqual(['\\sum_i i', 'a_1', 'b']);
    expect(found('$x$, $y$')).toEqual(['x', 'y']);
  });

  it('leaves prices, shell variables and escaped dollars alone', () => {
    expect(found('It costs $5 and $10 a month.')).toEqual([]);
    expect(found('Between $5-$10 or US$5 and US$6.')).toEqual([]);
    expect(found('Set $HOME/$USER then $PATH.')).toEqual([]);
    expect(found('A \\$5 bill and a \\$10 one.')).toEqual([]);
    expect(found('Spaces inside: $ x $ is not math.')).toEqual([]);
    expect(found('Blank line: $a\n\nb$')).toEqual([]);
  });

  it('keeps emphasis from pairing with a * or _ inside a formula', () => {
    expect(maskFormulas('2*3 is $a*b$ and *c*')).toBe('2*3 is $aaa$ and *c*');
    expect(maskFormulas('\\(a_1\\) x')).toBe('\\aaaaa) x');
    expect(maskFormulas('no math')).toBe('no math');
  });
});

describe('math rendering', () => {
  it('shows formulas as source until KaTeX has loaded, then typesets the finished blocks that waited', async () => {
    expect(isMathLoaded()).toBe(false);
    let notified = 0;
    onMathLoaded(() => (notified += 1));
    const text = 'Intro\n\nEuler: $e^{i\\pi}+1=0$.\n\n$$\n\\frac{a}{b}\n$$\n\nTail $x$';
    const renderer = new IncrementalMarkdown({ sanitizer });
    for (let end = 1; end < text.length; end++) renderer.update(text.slice(0, end));
    const before = renderer.update(text);
    expect(joinedHtml(before)).toContain('<span class="md-math-source">$e^{i\\pi}+1=0$</span>');
    expect(joinedHtml(before)).toContain('<p class="md-math-block md-math-source">$$\n\\frac{a}{b}\n$$</p>');
    expect(formulas(joinedHtml(before))).toEqual([]);

    await loadMath(); // the renderer started the load when it met the first formula
    expect(isMathLoaded()).toBe(true);
    expect(notified).toBe(1);
    const after = renderer.update(text);
    expect(after.blocks[0]).toBe(before.blocks[0]); // no math in it: kept as it was
    expect(after.blocks[1]!.key).not.toBe(before.blocks[1]!.key);
    expect(formulas(joinedHtml(after))).toEqual(['e^{i\\pi}+1=0', '\\frac{a}{b}', 'x']);
    expect(joinedHtml(renderer.update(text, true))).toBe(renderMarkdown(text, { sanitizer }));
  });

  it('typesets a formula only once it is complete: an open one streams as text', async () => {
    await loadMath();
    const renderer = new IncrementalMarkdown({ sanitizer });
    expect(formulas(joinedHtml(renderer.update('Area: $\\pi r')))).toEqual([]);
    expect(joinedHtml(renderer.update('Area: $\\pi r'))).toContain('$\\pi r');
    expect(formulas(joinedHtml(renderer.update('Area: $\\pi r^2$ ok')))).toEqual(['\\pi r^2']);
    const display = new IncrementalMarkdown({ sanitizer });
    expect(formulas(joinedHtml(display.update('$$\n\\int_0^1 x\\,dx')))).toEqual([]);
    expect(formulas(joinedHtml(display.update('$$\n\\int_0^1 x\\,dx\n$$\n')))).toEqual(['\\int_0^1 x\\,dx']);
    const fenced = new IncrementalMarkdown({ sanitizer });
    expect(joinedHtml(fenced.update('```math\nx^2\n'))).toContain('<code class="language-math">');
    expect(formulas(joinedHtml(fenced.update('```math\nx^2\n```\n')))).toEqual(['x^2']);
  });

  it('keeps code and prices as they are, and MathML with the source for screen readers', async () => {
    await loadMath();
    const html = renderMarkdown(
      'Run `echo $HOME` and\n\n```sh\nexport A=$B$C\n```\n\nIt costs $5 and $10; $a^2$ is math.',
      { sanitizer },
    );
    expect(html).toContain('<code>echo $HOME</code>');
    expect(html).toContain('export A=$B$C');
    expect(html).toContain('costs $5 and $10;');
    expect(formulas(html)).toEqual(['a^2']);
    expect(html).toMatch(/<math xmlns="http:\/\/www.w3.org\/1998\/Math\/MathML">/);
    expect(html).toContain('class="katex-html" aria-hidden="true"');
  });

  it('turns KaTeX inline styles into classes (the CSP refuses style attributes)', async () => {
    await loadMath();
    const html = renderMarkdown('$\\frac{a}{b}$ $\\color{red}{x}$', { sanitizer });
    expect(html).not.toContain('style=');
    expect(html).toMatch(/class="strut md-ks\d+"/);
    const styles = new StyleClasses(window.document);
    expect(styles.classFor('height:1em;vertical-align:-0.25em;')).toBe(
      styles.classFor('height:1em; vertical-align:-0.25em'),
    );
    expect(styles.classFor('background-image:url(https://evil.example/x.png)')).toBeNull();
    expect(styles.classFor('color:url(https://evil.example/x.png)')).toBeNull();
    expect(styles.classFor('position:fixed;inset:0')).toBeNull();
    expect(styles.classFor('height:1em}body{display:none')).toBeNull();
  });

  it('sanitizes each formula once: the same formula again gives the same markup, and no mark is left', async () => {
    await loadMath();
    const text = 'First $\\frac{a}{b}$, then $\\frac{a}{b}$ again.\n\n$$\\frac{a}{b}$$';
    const first = renderMarkdown(text, { sanitizer });
    expect(formulas(first)).toEqual(['\\frac{a}{b}', '\\frac{a}{b}', '\\frac{a}{b}']);
    expect(renderMarkdown(text, { sanitizer })).toBe(first);
    // The marks between renderer and sanitizer (comments with a nonce, slots in private-use characters)
    // never reach the page.
    expect(first).not.toMatch(/formula:|\uE000|\uE001|<!--/);
  });

  it('keeps model text that looks like a formula mark or slot as text', async () => {
    await loadMath();
    const forged = 'A <!--formula:x--> mark and a \uE000x:0\uE001 slot, then $y$.';
    const html = renderMarkdown(forged, { sanitizer });
    expect(html).toContain('&lt;!--formula:x--&gt; mark');
    expect(html).toContain('\uE000x:0\uE001 slot');
    expect(formulas(html)).toEqual(['y']);
  });

  it("shows a formula in an image's alt text as its source (the label is plain text)", async () => {
    await loadMath();
    const html = renderMarkdown('![a chart of $x<y$](https://example.com/c.png)', { sanitizer });
    expect(html).toContain('>Image: a chart of $x&lt;y$</a>');
    expect(formulas(html)).toEqual([]);
  });

  it('renders incrementally exactly as a whole parse, in random pieces', async () => {
    await loadMath();
    const text =
      'Inline $e^{i\\pi}+1=0$, \\(a_1 * b_2\\) and $$x$$; prices $5 and $10.\n\n$$\n\\int_0^1 x\\,dx\n- 1\n$$\n\n' +
      'Text\n\\[ \\sqrt 2 \\]\n\n```math\nx^2\n```\n\n- item $y$\n- $$z$$\n\n| a | $b$ |\n|---|---|\n| 1 | $2$ |\n';
    const whole = renderMarkdown(text, { sanitizer });
    for (let seed = 1; seed <= 20; seed++) {
      const renderer = new IncrementalMarkdown({ sanitizer, listSplitThreshold: seed % 2 ? 0 : 1500 });
      let sofar = '';
      for (const chunk of randomChunks(text, seeded(seed), 12)) {
        sofar += chunk;
        assertMathInert(joinedHtml(renderer.update(sofar)));
      }
      expect(joinedHtml(renderer.update(text, true)), `seed ${seed}`).toBe(whole);
    }
  });
});

describe('hostile math', () => {
  const HOSTILE = [
    '$\\href{javascript:alert(1)}{click}$',
    '$\\url{javascript:alert(1)}$',
    '$\\includegraphics{https://evil.example/track.png}$',
    '$\\htmlClass{btn modal}{x}$ $\\htmlId{main}{x}$ $\\htmlStyle{position:fixed;inset:0}{x}$ $\\htmlData{a=b}{x}$',
    '$\\color{url(https://evil.example/x)}{y}$ $\\textcolor{red;background:url(x)}{y}$',
    '$\\rule{100000em}{100000em}$ $\\kern{100000em}$ $\\hspace{99999em}x$',
    '$\\def\\a{\\a\\a}\\a$',
    '$\\def\\b{\\b}\\b$',
    '$$\n' + '\\frac{'.repeat(300) + 'x' + '}'.repeat(300) + '\n$$',
    '$<img src=x onerror=alert(1)>$ $</span><script>alert(1)</script>$',
    '$\\text{<b>bold</b> & \\"quote\\"}$',
    '\\[\\begin{matrix}' + 'a&'.repeat(200) + '\\end{matrix}\\]',
  ];

  it('is inert: no link, no load, no style, no app class, errors shown in place', async () => {
    await loadMath();
    for (const input of HOSTILE) {
      const html = renderMarkdown(input, { sanitizer });
      assertMathInert(html);
      // Hostile source shows only as text (escaped), never as markup.
      expect(html, input).not.toMatch(/<script|<img|\sstyle=/);
    }
    const error = renderMarkdown('$\\frac{$ and more', { sanitizer });
    expect(error).toContain('class="katex-error');
    expect(error).toMatch(/title="ParseError: KaTeX parse error: [^"]+"/);
  });

  // A runaway expansion would not return: the test's timeout is the guard, not a time goal.
  it('bounds the work: a macro bomb is stopped, an overlong formula stays source', async () => {
    await loadMath();
    const html = renderMarkdown('$\\def\\a{\\a\\a}\\a$', { sanitizer });
    expect(html).toContain('katex-error');
    expect(renderMarkdown('$' + 'y'.repeat(10_001) + '$', { sanitizer })).not.toContain('class="katex');
  });
});
