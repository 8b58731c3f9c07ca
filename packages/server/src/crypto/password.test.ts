import { describe, expect, it } from 'vitest';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse');
    expect(await hashPassword('cheap', 12)).toMatch(/^scrypt\$4096\$/);
    expect(stored.startsWith('scrypt$131072$8$1$')).toBe(true);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct hors', stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('never matches the dummy hash used for unknown accounts', async () => {
    expect(await verifyPassword('', dummyPasswordHash(12))).toBe(false);
    expect(await verifyPassword('demo', dummyPasswordHash(12))).toBe(false);
  });
});
