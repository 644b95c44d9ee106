import { describe, expect, it } from 'vitest';
import { ICONS, iconPaths, type IconName } from '../../src/lib/components/icons';

describe('icons as two paths', () => {
  it('outlined and filled shapes go to their own path; rectangles and circles as exact arcs', () => {
    expect(iconPaths('stop')).toEqual({
      stroked: '',
      filled: 'M9 7h6a2 2 0 0 1 2 2v6a2 2 0 0 1 -2 2h-6a2 2 0 0 1 -2 -2v-6a2 2 0 0 1 2 -2z',
    });
    expect(iconPaths('search').stroked).toBe('M4.5 11a6.5 6.5 0 1 0 13 0a6.5 6.5 0 1 0 -13 0zM16 16l4.5 4.5');
    expect(iconPaths('search').filled).toBe('');
  });

  it('every icon has something to draw, each subpath starting with a move', () => {
    for (const name of Object.keys(ICONS) as IconName[]) {
      const { stroked, filled } = iconPaths(name);
      expect(stroked + filled).toMatch(/^M/);
      for (const d of [stroked, filled].filter(Boolean)) expect(d).toMatch(/^M/);
    }
  });
});
