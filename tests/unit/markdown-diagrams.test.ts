import { afterAll, describe, expect, it } from 'vitest';
import { IncrementalMarkdown, renderMarkdown } from '../../src/lib/markdown';
import { onDiagramDrawn, setDiagramDrawer } from '../../src/lib/diagrams/diagrams';
import type { DiagramResult } from '../../src/lib/diagrams/protocol';
import { isDrawRequest, isFrameMessage } from '../../src/lib/diagrams/protocol';
import { joinedHtml, testDom } from './markdown-test-support';

const { sanitizer, window } = testDom();

/** A drawer the test finishes by hand: each request waits until `finish(source, result)`. */
function manualDrawer() {
  const pending = new Map<string, (result: DiagramResult) => void>();
  setDiagramDrawer((source) => new Promise((resolve) => pending.set(source, resolve)));
  return {
    requested: () => [...pending.keys()],
    finish(source: string, result: DiagramResult) {
      pending.get(source)?.(result);
      pending.delete(source);
    },
  };
}

function nextDrawn(): Promise<void> {
  return new Promise((resolve) => {
    const stop = onDiagramDrawn(() => {
      stop();
      resolve();
    });
  });
}

function parse(html: string): HTMLElement {
  const holder = window.document.createElement('div');
  holder.innerHTML = html;
  return holder;
}

/** A Mermaid block of `source` as shown once its drawing has come back as `result`. */
async function drawnAs(source: string, result: DiagramResult): Promise<HTMLElement> {
  const drawer = manualDrawer();
  const text = '```mermaid\n' + source + '\n```\n';
  renderMarkdown(text, { sanitizer });
  const drawn = nextDrawn();
  drawer.finish(source, result);
  await drawn;
  return parse(renderMarkdown(text, { sanitizer }));
}

afterAll(() => setDiagramDrawer(null));

describe('Mermaid blocks', () => {
  it('stay code while the fence is open, are drawn once it closes, and show the drawing when it arrives', async () => {
    const drawer = manualDrawer();
    const renderer = new IncrementalMarkdown({ sanitizer });
    const open = parse(joinedHtml(renderer.update('Look:\n\n```mermaid\nflowchart TD\n  A --> B\n')));
    expect(open.querySelector('code.language-mermaid')?.textContent).toContain('A --> B');
    expect(open.querySelector('.md-diagram')).toBeNull();
    expect(drawer.requested()).toEqual([]);

    const text = 'Look:\n\n```mermaid\nflowchart TD\n  A --> B\n```\n\nAfter.';
    const waiting = parse(joinedHtml(renderer.update(text)));
    expect(drawer.requested()).toEqual(['flowchart TD\n  A --> B']);
    expect(waiting.querySelector('.md-diagram-status')?.textContent).toBe('Drawing the diagram…');
    expect(waiting.querySelector('.md-diagram pre')?.textContent).toContain('A --> B');

    const drawn = nextDrawn();
    drawer.finish('flowchart TD\n  A --> B', {
      kind: 'image',
      url: 'blob:http://app/1',
      width: 120,
      height: 80,
    });
    await drawn;
    const shown = parse(joinedHtml(renderer.update(text)));
    const image = shown.querySelector('.md-diagram img.md-diagram-image') as HTMLImageElement;
    expect(image.getAttribute('src')).toBe('blob:http://app/1');
    expect(image.getAttribute('alt')).toBe('Diagram: flowchart TD');
    expect(image.width).toBe(120);
    expect(shown.querySelector('button[data-diagram-toggle]')?.textContent).toBe('Source');
    expect(shown.querySelector('.md-diagram pre')?.textContent).toContain('A --> B'); // for the toggle and Copy
    // Drawn once: the same source later (a reload, another answer) uses the drawing at once.
    expect(renderMarkdown(text, { sanitizer })).toContain('blob:http://app/1');
    expect(drawer.requested()).toEqual([]);
  });

  it('an invalid diagram shows its source with the parser message', async () => {
    const source = 'flowchart TD\n  A -->';
    const shown = await drawnAs(source, {
      kind: 'error',
      message: "Parse error on line 2: Expecting 'NODE_STRING'",
    });
    expect(shown.querySelector('.md-diagram-error')?.textContent).toBe(
      "Mermaid could not draw this diagram: Parse error on line 2: Expecting 'NODE_STRING'",
    );
    expect(shown.querySelector('.md-diagram pre')?.textContent).toBe(source + '\n');
    expect(shown.querySelector('img')).toBeNull();
  });

  it('keeps hostile source and messages as text', async () => {
    const source = 'flowchart TD\n  A["<img src=x onerror=alert(1)>"] --> B';
    const shown = await drawnAs(source, { kind: 'error', message: '<script>alert(1)</script>' });
    expect(shown.querySelectorAll('script, svg').length).toBe(0);
    expect(shown.querySelectorAll('img').length).toBe(0);
    expect(shown.querySelector('.md-diagram-error')?.textContent).toContain('<script>alert(1)</script>');
  });

  it('accepts only well-formed messages across the frame boundary', () => {
    expect(isFrameMessage({ type: 'drawn', id: 1, svg: '<svg/>' })).toBe(true);
    expect(isFrameMessage({ type: 'drawn', id: '1', svg: '<svg/>' })).toBe(false);
    expect(isFrameMessage({ type: 'failed', id: 1 })).toBe(false);
    expect(isFrameMessage({ type: 'eval', code: 'x' })).toBe(false);
    expect(isFrameMessage(null)).toBe(false);
    expect(isDrawRequest({ type: 'draw', id: 2, source: 'graph TD' })).toBe(true);
    expect(isDrawRequest({ type: 'draw', id: 2, source: 3 })).toBe(false);
  });
});
