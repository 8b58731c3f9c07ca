import { describe, expect, it } from 'vitest';
import { formatBytes, labelFor, MESSAGES, translator } from './i18n.js';

describe('the form in two languages', () => {
  it('has every message in both locales, with the same placeholders', () => {
    const zh = MESSAGES['zh-CN'];
    const en = MESSAGES.en;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh) as Array<keyof typeof zh>) {
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });

  it('fills placeholders and labels codes, falling back to the code', () => {
    const t = translator('en');
    expect(t('evidenceTooMany', { count: 3 })).toBe('You can add at most 3 files.');
    expect(labelFor(t, 'state', 'investigating')).toBe('Under investigation');
    expect(labelFor(t, 'category', 'made_up_category')).toBe('made_up_category');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(formatBytes(1536)).toBe('2 KB');
  });
});
