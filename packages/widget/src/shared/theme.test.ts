import { describe, expect, it } from 'vitest';
import { sanitizeTheme } from './theme.js';

describe('theme tokens', () => {
  it('keeps valid tokens and drops anything that could carry CSS', () => {
    expect(sanitizeTheme({ accent: '#0B5CAD', radius: 8, scheme: 'dark' })).toEqual({
      accent: '#0b5cad',
      radius: '8',
      scheme: 'dark',
    });
    expect(
      sanitizeTheme({ accent: 'red;}body{background:url(//evil)', radius: 99, scheme: 'neon', font: 'x' }),
    ).toEqual({});
    expect(sanitizeTheme({ radius: 2.5 })).toEqual({});
    expect(sanitizeTheme(undefined)).toEqual({});
  });
});
