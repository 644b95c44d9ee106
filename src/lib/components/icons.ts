/** Brook's icons as plain shapes (24×24, stroked), drawn here to need no icon package. */
export type IconShape =
  | { kind: 'path'; d: string; fill?: boolean }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill?: boolean }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; rx: number; fill?: boolean };

const p = (d: string, fill = false): IconShape => ({ kind: 'path', d, fill });
const c = (cx: number, cy: number, r: number, fill = false): IconShape => ({
  kind: 'circle',
  cx,
  cy,
  r,
  fill,
});
const r = (x: number, y: number, w: number, h: number, rx: number, fill = false): IconShape => ({
  kind: 'rect',
  x,
  y,
  w,
  h,
  rx,
  fill,
});

export const ICONS = {
  plus: [p('M12 5v14M5 12h14')],
  sidebar: [r(3, 4, 18, 16, 3), p('M9.5 4v16')],
  settings: [p('M4 7h9M17 7h3M4 17h3M11 17h9'), c(15, 7, 2), c(9, 17, 2)],
  sun: [
    c(12, 12, 4),
    p(
      'M12 2.5v2M12 19.5v2M2.5 12h2M19.5 12h2M5.3 5.3l1.4 1.4M17.3 17.3l1.4 1.4M5.3 18.7l1.4-1.4M17.3 6.7l1.4-1.4',
    ),
  ],
  moon: [p('M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5z')],
  monitor: [r(3, 4, 18, 12, 2), p('M8.5 20h7M12 16v4')],
  send: [p('M12 19V5M6 11l6-6 6 6')],
  stop: [r(7, 7, 10, 10, 2, true)],
  copy: [r(9, 9, 11, 11, 2.5), p('M15 9V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v7a2 2 0 0 0 2 2h3')],
  check: [p('M5 12.5l4.5 4.5L19 7.5')],
  refresh: [p('M20 11a8 8 0 0 0-14.3-4.9L4 8M4 4v4h4M4 13a8 8 0 0 0 14.3 4.9L20 16M20 20v-4h-4')],
  trash: [p('M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3')],
  pencil: [p('M4 20h4L19 9a2.8 2.8 0 0 0-4-4L4 16v4z')],
  pin: [p('M9 4h6l-1 6 3 3H7l3-3-1-6zM12 13v7')],
  download: [p('M12 4v11M7 10.5l5 5 5-5M5 20h14')],
  upload: [p('M12 16V5M7 9.5l5-5 5 5M5 20h14')],
  chevron: [p('M6 9l6 6 6-6')],
  /** Three staggered bars: where an answer's time went. */
  timeline: [p('M4 7h7M8 12h9M13 17h7')],
  'chevron-left': [p('M15 6l-6 6 6 6')],
  'chevron-right': [p('M9 6l6 6-6 6')],
  continue: [p('M5 12h11M12 7l5 5-5 5M20 5v14')],
  'arrow-down': [p('M12 5v14M6 13l6 6 6-6')],
  alert: [c(12, 12, 9), p('M12 7.5v5.5M12 16.5v.01')],
  x: [p('M6 6l12 12M18 6L6 18')],
  spark: [p('M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8z')],
  more: [c(5, 12, 1.3, true), c(12, 12, 1.3, true), c(19, 12, 1.3, true)],
  folder: [p('M3.5 7.5a2 2 0 0 1 2-2h4l2 2h7a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-13a2 2 0 0 1-2-2z')],
  search: [c(11, 11, 6.5), p('M16 16l4.5 4.5')],
  /** A stack of layers: the models a server has (Manage models). */
  models: [p('M12 3.5l8.5 4.5-8.5 4.5-8.5-4.5z'), p('M3.5 12l8.5 4.5 8.5-4.5'), p('M3.5 16l8.5 4.5 8.5-4.5')],
  chat: [p('M5 18.5V6a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H8z')],
  paperclip: [
    p(
      'M19 11.5l-7.4 7.4a4.5 4.5 0 0 1-6.4-6.4l7.8-7.8a3 3 0 0 1 4.2 4.2l-7.7 7.7a1.5 1.5 0 0 1-2.1-2.1l6.9-6.9',
    ),
  ],
  file: [p('M7 3h7l5 5v13H7zM14 3v5h5M10 13h6M10 17h6')],
} satisfies Record<string, IconShape[]>;

export type IconName = keyof typeof ICONS;

/** One shape as SVG path data (circles and rounded rectangles drawn with exact arcs). */
function pathData(shape: IconShape): string {
  switch (shape.kind) {
    case 'path':
      return shape.d;
    case 'circle': {
      const { cx, cy, r: radius } = shape;
      return `M${cx - radius} ${cy}a${radius} ${radius} 0 1 0 ${2 * radius} 0a${radius} ${radius} 0 1 0 ${-2 * radius} 0z`;
    }
    case 'rect': {
      const { x, y, w, h, rx } = shape;
      return (
        `M${x + rx} ${y}h${w - 2 * rx}a${rx} ${rx} 0 0 1 ${rx} ${rx}v${h - 2 * rx}` +
        `a${rx} ${rx} 0 0 1 ${-rx} ${rx}h${-(w - 2 * rx)}a${rx} ${rx} 0 0 1 ${-rx} ${-rx}` +
        `v${-(h - 2 * rx)}a${rx} ${rx} 0 0 1 ${rx} ${-rx}z`
      );
    }
  }
}

/**
 * An icon as two paths: its outlined shapes and its filled ones (each may be empty). Icon.svelte
 * draws these with two fixed elements instead of an element per shape: there is an icon on every
 * message's buttons, and the per-shape blocks cost about 5 KB of heap per icon in a long chat.
 */
export function iconPaths(name: IconName): { stroked: string; filled: string } {
  const shapes: readonly IconShape[] = ICONS[name];
  return {
    stroked: shapes
      .filter((shape) => !shape.fill)
      .map(pathData)
      .join(''),
    filled: shapes
      .filter((shape) => shape.fill)
      .map(pathData)
      .join(''),
  };
}
