/**
 * Theming: a few design tokens, passed to the frame as query parameters (or a `theme` message)
 * and applied there as CSS custom properties. Values are checked against strict patterns so a
 * theme can never smuggle CSS (or anything else) into the form.
 */
export interface WidgetTheme {
  /** Accent colour for buttons, links and focus rings, `#rrggbb`. */
  accent?: string;
  /** Corner radius in px, 0–24. */
  radius?: number;
  /** `light`, `dark`, or `auto` (follow the device). */
  scheme?: 'light' | 'dark' | 'auto';
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** Keeps only valid tokens, as strings (the form they take in a URL or a message). */
export function sanitizeTheme(theme: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!theme) return out;
  if (typeof theme.accent === 'string' && HEX.test(theme.accent)) out.accent = theme.accent.toLowerCase();
  const radius = Number(theme.radius);
  if (theme.radius !== undefined && Number.isInteger(radius) && radius >= 0 && radius <= 24)
    out.radius = String(radius);
  if (theme.scheme === 'light' || theme.scheme === 'dark' || theme.scheme === 'auto')
    out.scheme = theme.scheme;
  return out;
}
