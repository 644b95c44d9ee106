import { beforeAll, describe, expect, it } from 'vitest';
import { JSDOM, VirtualConsole, requestInterceptor } from 'jsdom';
import { IncrementalMarkdown, isSafeHref, renderMarkdown, loadHighlighter } from '../../src/lib/markdown';
import { assertInert, joinedHtml, randomChunks, randomMarkdown, testDom } from './markdown-test-support';
import { seeded } from './seeded-random';

// Code is highlighted once highlight.js has loaded (on demand, like in the app).
beforeAll(() => loadHighlighter());

const HOSTILE_MARKDOWN = [
  '<script>alert(1)</script>',
  'Text <script>alert(1)</script> inline',
  '<img src=x onerror=alert(1)>',
  'inline <img src="https://evil.example/t.png" onerror="alert(1)"> image',
  '![tracker](https://evil.example/track.png)',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2Zy8+)',
  '[![nested](https://evil.example/n.png)](https://ok.example/)',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '[click](&#106;avascript:alert(1))',
  '[rel](/relative/path) [proto](//evil.example/x) [file](file:///etc/passwd)',
  '[ok](https://ok.example "t\\" onmouseover=\\"alert(1)")',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="https://ok.example" onclick="alert(1)">ok</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<form action="https://evil.example"><input name=a><button>go</button><textarea></textarea><select></select></form>',
  '<svg><script>alert(1)</script></svg>',
  '<svg onload=alert(1)><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<style>body { display: none }</style>',
  '<div style="position:fixed;inset:0;z-index:9999;background:red">overlay</div>',
  'x <span style="display:none">hidden</span> y',
  '<object data="https://evil.example/o"></object><embed src="https://evil.example/e">',
  '<link rel=stylesheet href=https://evil.example/x.css>\n<meta http-equiv="refresh" content="0;url=https://evil.example">\n<base href="https://evil.example/">',
  '<video poster="https://evil.example/p.png" src="https://evil.example/v.mp4"></video><audio src=x></audio>',
  '<table background="https://evil.example/bg.png"><tr><td>x</td></tr></table>',
  '<img srcset="https://evil.example/a.png 1x, https://evil.example/b.png 2x">',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<details open ontoggle=alert(1)><summary>s</summary>x</details>',
  '<scr<script>ipt>alert(1)</script>',
  '<!--<script>alert(1)//-->',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<button data-copy class="copy-code" type="button">fake copy</button>',
  '<div class="md-code"><span class="app-overlay">x</span></div>',
  '[x]: javascript:alert(1)\n\nsee [ref][x] and [x]',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```',
  '```"><img src=x onerror=alert(1)>\ncode\n```',
  '| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |',
  '- [x] <input type=checkbox onclick=alert(1)>',
  '<https://auto.example/x> www.example.com mail@example.com <javascript:alert(1)>',
];

const { window, sanitizer } = testDom();

function streamedStates(text: string, seed: number): string[] {
  const renderer = new IncrementalMarkdown({ sanitizer, listSplitThreshold: 20 });
  const states: string[] = [];
  let sofar = '';
  for (const chunk of randomChunks(text, seeded(seed), 7)) {
    sofar += chunk;
    states.push(joinedHtml(renderer.update(sofar)));
  }
  states.push(joinedHtml(renderer.update(text, true)));
  return states;
}

describe('the inertness check itself', () => {
  it('rejects what it is meant to reject', () => {
    for (const bad of [
      '<img src="x">',
      '<p onclick="x()">a</p>',
      '<p style="color:red">a</p>',
      '<a href="javascript:x()" target="_blank" rel="noopener noreferrer nofollow">a</a>',
      '<a href="https://ok.example">no target</a>',
      '<button data-copy>x</button>',
      '<span class="app-overlay">x</span>',
      '<iframe></iframe>',
    ]) {
      expect(() => assertInert(bad, window), bad).toThrow();
    }
    expect(() =>
      assertInert(
        '<p><a href="https://ok.example" target="_blank" rel="noopener noreferrer nofollow">ok</a></p>',
        window,
      ),
    ).not.toThrow();
  });
});

describe('hostile markdown renders inert', () => {
  HOSTILE_MARKDOWN.forEach((input, index) => {
    it(`#${index}: ${input.slice(0, 60).replace(/\n/g, '\\n')}`, () => {
      const whole = renderMarkdown(input, { sanitizer });
      assertInert(whole, window);
      for (const state of streamedStates(input, index)) assertInert(state, window);
      expect(whole).not.toMatch(
        /<(?:script|img|iframe|form|input|svg|style|object|embed|link|meta|base|video|audio)\b/i,
      );
    });
  });

  it('shows raw HTML as text instead of dropping it', () => {
    const html = renderMarkdown('Use <script>alert(1)</script> and <b>bold</b>.', { sanitizer });
    expect(html).toBe('<p>Use &lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt;.</p>\n');
    expect(renderMarkdown('a<br>b', { sanitizer })).toBe('<p>a<br>b</p>\n');
  });

  it('turns images into links to them that load nothing', () => {
    const html = renderMarkdown('![A cat](https://img.example/cat.png "Cat")', { sanitizer });
    expect(html).toBe(
      '<p><a class="md-image" href="https://img.example/cat.png" title="Image not loaded: https://img.example/cat.png" target="_blank" rel="noopener noreferrer nofollow">Image: A cat</a></p>\n',
    );
    expect(renderMarkdown('[![A](https://img.example/a.png)](https://ok.example/)', { sanitizer })).toBe(
      '<p><a href="https://ok.example/" target="_blank" rel="noopener noreferrer nofollow"><span class="md-image" title="Image not loaded: https://img.example/a.png">Image: A</span></a></p>\n',
    );
  });

  it('keeps safe links, opening in a new tab without opener or referrer', () => {
    const html = renderMarkdown(
      '[a](https://a.example/x?y=1) [m](mailto:me@example.com) [j](javascript:alert(1))',
      {
        sanitizer,
      },
    );
    expect(html).toContain(
      '<a href="https://a.example/x?y=1" target="_blank" rel="noopener noreferrer nofollow">a</a>',
    );
    expect(html).toContain(
      '<a href="mailto:me@example.com" target="_blank" rel="noopener noreferrer nofollow">m</a>',
    );
    expect(html).toContain('<a target="_blank" rel="noopener noreferrer nofollow">j</a>');
  });

  it('keeps table alignment and list start numbers', () => {
    expect(renderMarkdown('| a | b |\n|:-|-:|\n| 1 | 2 |', { sanitizer })).toContain(
      '<td align="right">2</td>',
    );
    expect(renderMarkdown('3. three\n4. four', { sanitizer })).toContain('<ol start="3">');
  });

  it('isSafeHref accepts only absolute http(s) and mailto URLs', () => {
    for (const ok of ['http://a.example', 'https://a.example/x', 'mailto:a@b.example', 'HTTPS://A.EXAMPLE']) {
      expect(isSafeHref(ok), ok).toBe(true);
    }
    for (const bad of [
      'javascript:alert(1)',
      ' javascript:x',
      'data:text/html,x',
      'vbscript:x',
      '/path',
      '//host/x',
      'file:///x',
      'x',
    ]) {
      expect(isSafeHref(bad), bad).toBe(false);
    }
  });
});

describe('the sanitizer on raw hostile HTML (if the renderer ever let some through)', () => {
  const RAW = HOSTILE_MARKDOWN.filter((input) => input.includes('<'));
  it('leaves nothing active, and never a copy button that our code did not add', () => {
    for (const html of RAW) {
      const clean = sanitizer.sanitize(html);
      assertInert(clean, window);
      expect(clean, html).not.toContain('<button');
    }
    expect(
      sanitizer.sanitize(
        '<p class="app-overlay md-x" id="main" name="x" data-x="1" aria-hidden="true">t</p>',
      ),
    ).toBe('<p class="md-x">t</p>');
  });
});

describe('no request is made and no script runs', () => {
  const EVENTS = ['click', 'mouseover', 'focus', 'error', 'load', 'toggle', 'animationstart'];

  function liveDocument(): { dom: JSDOM; requested: string[]; alerts: () => number } {
    const requested: string[] = [];
    let alerts = 0;
    const dom = new JSDOM('<!doctype html><body></body>', {
      url: 'https://brook.test/',
      runScripts: 'dangerously',
      virtualConsole: new VirtualConsole(),
      resources: {
        interceptors: [
          requestInterceptor((request) => {
            requested.push(request.url);
            return Promise.resolve(new Response('', { status: 204 }));
          }),
        ],
      },
    });
    (dom.window as unknown as { alert: () => void }).alert = () => {
      alerts += 1;
    };
    return { dom, requested, alerts: () => alerts };
  }

  async function settle(dom: JSDOM): Promise<void> {
    for (const element of Array.from(dom.window.document.body.querySelectorAll('*'))) {
      for (const type of EVENTS) element.dispatchEvent(new dom.window.Event(type));
    }
    // Give queued loads a few turns of the event loop.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  }

  it('the harness sees a load and a handler when they exist (control)', async () => {
    const { dom, requested, alerts } = liveDocument();
    dom.window.document.body.innerHTML =
      '<iframe src="https://control.test/frame"></iframe><div onclick="alert(1)">x</div>';
    await settle(dom);
    expect(requested).toContain('https://control.test/frame');
    expect(alerts()).toBeGreaterThan(0);
    dom.window.close();
  });

  it('loads nothing and runs nothing for the output of every hostile input', async () => {
    const { dom, requested, alerts } = liveDocument();
    const body = dom.window.document.body;
    for (const input of HOSTILE_MARKDOWN) {
      body.insertAdjacentHTML('beforeend', renderMarkdown(input, { sanitizer }));
      for (const state of streamedStates(input, 1)) body.insertAdjacentHTML('beforeend', state);
    }
    await settle(dom);
    expect(requested).toEqual([]);
    expect(alerts()).toBe(0);
    expect(
      body.querySelectorAll('script,img,iframe,link,style,object,embed,video,audio,form,svg').length,
    ).toBe(0);
    dom.window.close();
  });
});

describe('fuzz: random and adversarial text', () => {
  const PIECES = [
    ...HOSTILE_MARKDOWN,
    '<',
    '>',
    '"',
    "'",
    '`',
    '```',
    '~~~',
    '\n',
    '\n\n',
    '    ',
    '\t',
    '> ',
    '- ',
    '1. ',
    '|',
    '](',
    '![',
    '[',
    ')',
    '&#0;',
    '&#x110000;',
    '\u0000',
    '\u202e',
    '\ud800',
    '🌍',
    'javascript:',
    'on',
    'error=',
    'src=',
    '*',
    '_',
    '\\',
  ];

  // Bounded: 300 inputs of at most ~45 pieces, streamed in chunks of up to 60 characters.
  it('300 seeded strings: no throw, every state inert', { timeout: 60_000 }, () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = seeded(seed * 31);
      let input = '';
      if (seed % 3 === 0) input = randomMarkdown(random, 4);
      const pieces = 5 + Math.floor(random() * 40);
      for (let i = 0; i < pieces; i++) {
        input +=
          random() < 0.8
            ? PIECES[Math.floor(random() * PIECES.length)]!
            : String.fromCharCode(Math.floor(random() * 0x2000));
      }
      const renderer = new IncrementalMarkdown({ sanitizer, listSplitThreshold: seed % 2 ? 0 : 1500 });
      let sofar = '';
      for (const chunk of randomChunks(input, random, 60)) {
        sofar += chunk;
        assertInert(joinedHtml(renderer.update(sofar)), window);
      }
      const final = joinedHtml(renderer.update(input, true));
      assertInert(final, window);
      expect(final, `seed ${seed}`).toBe(renderMarkdown(input, { sanitizer }));
    }
  });
});

describe('the sanitizer on plain formatting', () => {
  const { sanitizer } = testDom();
  const plain =
    '<p>a &quot;b&quot; &#39;c&#39; &amp; &lt;d&gt; <em>e</em> <strong>f</strong> <code>g</code></p>\n<ul>\n<li>h</li>\n</ul>\n';

  it('gives back formatting without attributes as DOMPurify serializes it', () => {
    expect(sanitizer.sanitize(plain)).toBe(
      '<p>a "b" \'c\' &amp; &lt;d&gt; <em>e</em> <strong>f</strong> <code>g</code></p>\n<ul>\n<li>h</li>\n</ul>\n',
    );
  });

  it('still cleans anything else: an attribute, another tag, a NUL or a stray ampersand', () => {
    const cleaned = sanitizer.sanitize('<p onclick="alert(1)">x</p><em>y</em><script>alert(2)</script>');
    expect(cleaned).toBe('<p>x</p><em>y</em>');
    expect(sanitizer.sanitize('<p>a\u0000b &copy</p>')).toBe('<p>ab ©</p>');
  });
});
