import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM. Output: iv ‖ ciphertext ‖ tag. `aad` binds the ciphertext to its context (e.g. a row id). */
export function encryptAead(key: Uint8Array, plaintext: Uint8Array | string, aad = ''): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Reverses encryptAead; throws when the key, the AAD or a single byte is wrong. */
export function decryptAead(key: Uint8Array, sealed: Uint8Array, aad = ''): Buffer {
  const data = Buffer.from(sealed);
  if (data.length < IV_BYTES + TAG_BYTES) throw new Error('Sealed data is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
}

/** Derives a 32-byte key for one purpose from secret input keying material (HKDF-SHA256). */
export function deriveKey(secret: Uint8Array | string, purpose: string, salt = ''): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, salt, purpose, 32));
}
