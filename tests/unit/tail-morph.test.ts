// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { morphInto } from '../../src/lib/components/tail-morph';

describe('morphInto', () => {
  it('keeps the nodes that are already right and only lengthens the text that grew', () => {
    const target = document.createElement('div');
    morphInto(target, '<p>The brook <em>runs</em> on</p>');
    const paragraph = target.firstChild;
    const emphasis = target.querySelector('em');
    const lastText = paragraph?.lastChild;
    morphInto(target, '<p>The brook <em>runs</em> on and on</p>');
    expect(target.innerHTML).toBe('<p>The brook <em>runs</em> on and on</p>');
    expect(target.firstChild).toBe(paragraph);
    expect(target.querySelector('em')).toBe(emphasis);
    expect(paragraph?.lastChild).toBe(lastText);
  });

  it('replaces what changed kind, sets attributes as given, and removes what is gone', () => {
    const target = document.createElement('div');
    morphInto(target, '<p>a</p><ul class="md-list-part"><li>b</li></ul><p>c</p>');
    const first = target.firstChild;
    morphInto(target, '<p>a</p><ol start="3"><li>b</li></ol>');
    expect(target.innerHTML).toBe('<p>a</p><ol start="3"><li>b</li></ol>');
    expect(target.firstChild).toBe(first);
    morphInto(target, '<p class="md-paragraph-part">a</p><ol><li>b</li><li>c</li></ol>');
    expect(target.innerHTML).toBe('<p class="md-paragraph-part">a</p><ol><li>b</li><li>c</li></ol>');
    morphInto(target, '');
    expect(target.childNodes).toHaveLength(0);
  });

  it('gives the same result as setting the HTML, for any sequence of updates', () => {
    const states = [
      '',
      '<p>x</p>',
      '<h2>x</h2>\n<p>y</p>',
      '<h2>x</h2>\n<pre><code>a\nb</code></pre>',
      'text',
      '<p>x</p>',
    ];
    const target = document.createElement('div');
    for (const html of [...states, ...states.reverse()]) {
      morphInto(target, html);
      expect(target.innerHTML).toBe(html);
    }
  });
});
