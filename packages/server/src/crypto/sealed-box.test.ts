import { describe, expect, it } from 'vitest';
import { generateSealingKeyPair, openSealed, publicKeyOf, sealTo } from './sealed-box.js';

describe('sealed box', () => {
  const recipient = generateSealingKeyPair();

  it('opens only with the recipient private key and the same context', () => {
    const box = sealTo(recipient.publicKey, 'audit-1', '张三 350102199001011234', 'reporter:r1');
    expect(JSON.stringify(box)).not.toContain('张三');
    expect(openSealed(recipient.privateKey, box, 'reporter:r1').toString()).toBe('张三 350102199001011234');
    expect(() => openSealed(generateSealingKeyPair().privateKey, box, 'reporter:r1')).toThrow();
    expect(() => openSealed(recipient.privateKey, box, 'reporter:r2')).toThrow();
    expect(() => openSealed(recipient.privateKey, { ...box, kid: 'audit-2' }, 'reporter:r1')).toThrow();
  });

  it('derives the public key from the private key', () => {
    expect(publicKeyOf(recipient.privateKey).equals(recipient.publicKey)).toBe(true);
    expect(recipient.privateKey).toHaveLength(32);
  });
});
