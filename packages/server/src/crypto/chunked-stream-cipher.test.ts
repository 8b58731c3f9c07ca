import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { createDecryptStream, createEncryptStream } from './chunked-stream-cipher.js';

const key = randomBytes(32);
const CHUNK = 1024;

const encrypt = (plain: Buffer, context = 'evd_1|stripped', chunk = CHUNK) =>
  buffer(
    Readable.from([plain.subarray(0, 100), plain.subarray(100)]).pipe(
      createEncryptStream(key, context, chunk),
    ),
  );
const decrypt = (sealed: Buffer, context = 'evd_1|stripped', withKey = key) =>
  buffer(Readable.from([sealed]).pipe(createDecryptStream(withKey, context)));

describe('chunked evidence encryption', () => {
  it('round-trips at every chunk boundary', async () => {
    for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17]) {
      const plain = randomBytes(size);
      const sealed = await encrypt(plain);
      expect(sealed.length).toBe(24 + size + 16 * Math.max(1, Math.ceil(size / CHUNK)));
      expect((await decrypt(sealed)).equals(plain)).toBe(true);
    }
  });

  it('never repeats a ciphertext for the same file', async () => {
    const plain = randomBytes(3000);
    expect((await encrypt(plain)).equals(await encrypt(plain))).toBe(false);
  });

  it('detects truncation, appended chunks, tampering, a wrong key and a wrong context', async () => {
    const plain = randomBytes(3 * CHUNK + 5);
    const sealed = await encrypt(plain);
    const oneChunk = CHUNK + 16;
    // Cut after whole chunks: the new last chunk lacks the last-chunk flag.
    await expect(decrypt(sealed.subarray(0, 24 + 2 * oneChunk))).rejects.toThrow(/authentication|truncated/);
    await expect(decrypt(sealed.subarray(0, 20))).rejects.toThrow(/truncated/);
    await expect(decrypt(Buffer.concat([sealed, sealed.subarray(24, 24 + oneChunk)]))).rejects.toThrow();
    const tampered = Buffer.from(sealed);
    tampered[24 + oneChunk + 3]! ^= 1;
    await expect(decrypt(tampered)).rejects.toThrow(/authentication/);
    await expect(decrypt(sealed, 'evd_2|stripped')).rejects.toThrow();
    await expect(decrypt(sealed, 'evd_1|stripped', randomBytes(32))).rejects.toThrow();
    await expect(decrypt(Buffer.from('not an evidence blob at all, clearly'))).rejects.toThrow(
      /Not an evidence blob/,
    );
  });
});
