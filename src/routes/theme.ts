import type { ThemeChoice } from '../lib/stores/settings-store';

/** Forces light or dark, or leaves it to prefers-color-scheme (see app.css). */
export function applyTheme(theme: ThemeChoice): void {
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
  const dark = theme === 'dark' || (theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', dark ? '#16171a' : '#ffffff');
}
