import { afterEach, describe, expect, it, vi } from 'vitest';
import { attachCopyButtons, renderMarkdown } from '../../src/lib/markdown';
import { testDom } from './markdown-test-support';

const { window, sanitizer } = testDom();

function mount(markdown: string): HTMLElement {
  const root = window.document.createElement('div');
  root.innerHTML = renderMarkdown(markdown, { sanitizer });
  window.document.body.append(root);
  return root;
}

async function flush(): Promise<void> {
  for (let i = 0; i < 3; i++) await Promise.resolve();
}

afterEach(() => {
  vi.useRealTimers();
  window.document.body.replaceChildren();
});

describe('copy buttons', () => {
  it('copy the code of their block and show "Copied" for a moment', async () => {
    vi.useFakeTimers();
    const root = mount('```js\nconst a = "<b>";\n```\n\n```\nsecond\n```');
    const writes: string[] = [];
    const detach = attachCopyButtons(root, {
      writeText: async (text) => void writes.push(text),
      feedbackMs: 1000,
    });
    const [first, second] = Array.from(root.querySelectorAll<HTMLButtonElement>('button[data-copy]'));
    first!.click();
    await flush();
    expect(writes).toEqual(['const a = "<b>";\n']);
    expect(first!.textContent).toBe('Copied');
    expect(first!.getAttribute('data-copied')).toBe('true');
    second!.click();
    await flush();
    expect(writes).toEqual(['const a = "<b>";\n', 'second\n']);
    vi.advanceTimersByTime(1000);
    expect(first!.textContent).toBe('Copy');
    expect(first!.hasAttribute('data-copied')).toBe(false);
    detach();
  });

  it('works for blocks added after attaching (delegation) and says when copying fails', async () => {
    const root = window.document.createElement('div');
    window.document.body.append(root);
    const detach = attachCopyButtons(root, { writeText: () => Promise.reject(new Error('denied')) });
    root.innerHTML = renderMarkdown('```\nlate\n```', { sanitizer });
    const button = root.querySelector<HTMLButtonElement>('button[data-copy]')!;
    button.click();
    await flush();
    expect(button.textContent).toBe('Copy failed');
    expect(button.getAttribute('data-copied')).toBe('false');
    detach();
  });

  it('ignore other clicks and stop after detaching', async () => {
    const root = mount('Text\n\n```\ncode\n```');
    const writeText = vi.fn(async () => {});
    const detach = attachCopyButtons(root, { writeText });
    root.querySelector('p')!.click();
    detach();
    root.querySelector<HTMLButtonElement>('button[data-copy]')!.click();
    await flush();
    expect(writeText).not.toHaveBeenCalled();
  });
});
