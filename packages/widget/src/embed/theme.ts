import { sanitizeTheme } from '../shared/theme.js';

/** Applies theme tokens as CSS custom properties (CSSOM, allowed under the page's strict CSP). */
export function applyTheme(theme: Record<string, unknown>): void {
  const tokens = sanitizeTheme(theme);
  const root = document.documentElement;
  if (tokens.accent) {
    root.style.setProperty('--ez-accent', tokens.accent);
    root.style.setProperty('--ez-on-accent', textOnAccent(tokens.accent));
  }
  if (tokens.radius) root.style.setProperty('--ez-radius', `${tokens.radius}px`);
  if (tokens.scheme) root.dataset.scheme = tokens.scheme;
}

/** Black or white text on the accent, whichever contrasts more (WCAG relative luminance). */
export function textOnAccent(hex: string): string {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? '#111111' : '#ffffff';
}
