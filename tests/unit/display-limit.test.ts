import { describe, expect, it } from 'vitest';
import { GrowingTextCut, cutNotice, previewText, shownText } from '../../src/lib/components/display-limit';

describe('display limit', () => {
  it('shows a text up to the limit whole and a longer one cut at the limit, never in a surrogate pair', () => {
    expect(shownText('abc', 3)).toEqual({ shown: 'abc', cutFrom: null });
    expect(shownText('abcdef', 3)).toEqual({ shown: 'abc', cutFrom: 6 });
    expect(shownText('ab😀cd', 3)).toEqual({ shown: 'ab', cutFrom: 6 });
    expect(previewText('ab😀cd', 3)).toBe('ab');
    expect(previewText('abc', 3)).toBe('abc');
  });

  it('keeps the shown part of a growing text once it is past the limit, and the whole length current', () => {
    const cut = new GrowingTextCut(4);
    expect(cut.cut('ab', true)).toEqual({ shown: 'ab', cutFrom: null });
    expect(cut.cut('abcdef', true)).toEqual({ shown: 'abcd', cutFrom: 6 });
    // While it grows, the text is not read again (a different start would show if it were).
    expect(cut.cut('zzzzzzzzz', true)).toEqual({ shown: 'abcd', cutFrom: 9 });
    // Read afresh once it no longer streams (or is replaced).
    expect(cut.cut('zzzzzzzzz', false)).toEqual({ shown: 'zzzz', cutFrom: 9 });
    expect(cut.cut('yyyyyyyyyy', true)).toEqual({ shown: 'yyyy', cutFrom: 10 });
  });

  it('says how much is shown and that all of it is kept', () => {
    expect(cutNotice(1_048_576, 50_000_000)).toBe(
      'Brook shows the first 1,048,576 of these 50,000,000 characters, so the page stays responsive. ' +
        'All of it is saved: Copy and Export include every character.',
    );
  });
});
