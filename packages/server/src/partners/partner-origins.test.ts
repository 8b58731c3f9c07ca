import { describe, expect, it } from 'vitest';
import { normaliseOriginPattern, originAllowed, parseOriginPattern } from './partner-origins.js';

describe('partner origin patterns', () => {
  it('accepts https origins, subdomain wildcards and local development origins', () => {
    for (const pattern of [
      'https://app.example.cn',
      'https://app.example.cn:8443',
      'https://*.example.cn',
      'http://localhost:*',
      'http://127.0.0.1:5173',
    ]) {
      expect(parseOriginPattern(pattern)).not.toHaveProperty('invalid');
    }
  });

  it('refuses plain http on the network, paths, bare wildcards and bad ports', () => {
    expect(parseOriginPattern('http://app.example.cn')).toMatchObject({
      invalid: expect.stringContaining('https'),
    });
    expect(parseOriginPattern('https://app.example.cn/path')).toHaveProperty('invalid');
    expect(parseOriginPattern('*')).toHaveProperty('invalid');
    expect(parseOriginPattern('https://*')).toHaveProperty('invalid');
    expect(parseOriginPattern('https://*.cn')).toHaveProperty('invalid');
    expect(parseOriginPattern('https://a..cn')).toHaveProperty('invalid');
    expect(parseOriginPattern('https://app.example.cn:70000')).toHaveProperty('invalid');
    expect(parseOriginPattern("https://app.example.cn 'unsafe-inline'")).toHaveProperty('invalid');
  });

  it('normalises case and default ports', () => {
    expect(normaliseOriginPattern('HTTPS://App.Example.CN:443')).toBe('https://app.example.cn');
    expect(normaliseOriginPattern('http://localhost:80')).toBe('http://localhost');
  });

  it('matches concrete origins by scheme, host and port', () => {
    const patterns = ['https://*.example.cn', 'http://localhost:*', 'https://pay.other.cn:8443'];
    expect(originAllowed('https://app.example.cn', patterns)).toBe(true);
    expect(originAllowed('https://a.b.example.cn', patterns)).toBe(true);
    expect(originAllowed('https://example.cn', patterns)).toBe(false);
    expect(originAllowed('https://evilexample.cn', patterns)).toBe(false);
    expect(originAllowed('http://app.example.cn', patterns)).toBe(false);
    expect(originAllowed('http://localhost:3000', patterns)).toBe(true);
    expect(originAllowed('http://127.0.0.1:3000', patterns)).toBe(false);
    expect(originAllowed('https://pay.other.cn:8443', patterns)).toBe(true);
    expect(originAllowed('https://pay.other.cn', patterns)).toBe(false);
    expect(originAllowed('http://localhost:3000/path', patterns)).toBe(false);
    expect(originAllowed('null', patterns)).toBe(false);
  });
});
