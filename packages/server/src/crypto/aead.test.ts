import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptAead, deriveKey, encryptAead } from './aead.js';

describe('AEAD', () => {
  const key = randomBytes(32);

  it('round-trips and never repeats a ciphertext', () => {
    const a = encryptAead(key, 'secret', 'row-1');
    const b = encryptAead(key, 'secret', 'row-1');
    expect(a.equals(b)).toBe(false);
    expect(decryptAead(key, a, 'row-1').toString()).toBe('secret');
  });

  it('refuses a wrong key, wrong context or tampered byte', () => {
    const sealed = encryptAead(key, 'secret', 'row-1');
    expect(() => decryptAead(randomBytes(32), sealed, 'row-1')).toThrow();
    expect(() => decryptAead(key, sealed, 'row-2')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[14] = (tampered[14] ?? 0) ^ 1;
    expect(() => decryptAead(key, tampered, 'row-1')).toThrow();
  });

  it('derives different keys for different purposes', () => {
    expect(deriveKey('ikm', 'a').equals(deriveKey('ikm', 'b'))).toBe(false);
    expect(deriveKey('ikm', 'a')).toHaveLength(32);
  });
});
