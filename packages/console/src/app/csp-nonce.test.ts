import { describe, expect, it } from 'vitest';
import { readCspNonce, stampNonceOnCreatedStyles } from './csp-nonce.js';

describe('the CSP nonce', () => {
  it('is read from the meta tag the server filled, and not from the placeholder', () => {
    const doc = document.implementation.createHTMLDocument('x');
    doc.head.innerHTML = '<meta name="csp-nonce" content="abc123">';
    expect(readCspNonce(doc)).toBe('abc123');
    doc.head.innerHTML = '<meta name="csp-nonce" content="__CSP_NONCE__">';
    expect(readCspNonce(doc)).toBeUndefined();
  });

  it('is stamped on the style elements scripts create, and on nothing else', () => {
    const doc = document.implementation.createHTMLDocument('x');
    stampNonceOnCreatedStyles('abc123', doc);
    expect(doc.createElement('style').nonce).toBe('abc123');
    expect(doc.createElement('STYLE').nonce).toBe('abc123');
    expect(doc.createElement('script').nonce ?? '').toBe('');
    expect(doc.createElement('div').nonce ?? '').toBe('');
  });
});
