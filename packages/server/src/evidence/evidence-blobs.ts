import { createHash } from 'node:crypto';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { createDecryptStream, createEncryptStream } from '../crypto/chunked-stream-cipher.js';
import { notFound } from '../problem/problem-error.js';
import { EvidenceBlobMissing, type EvidenceStore } from './evidence-store.js';

/** Encrypts `source` into the store under `key`; returns the plaintext's size and SHA-256. */
export async function putEncrypted(
  store: EvidenceStore,
  key: string,
  source: Readable,
  encryptionKey: Uint8Array,
  context: string,
): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const counted = new PassThrough({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  const encrypted = pipeline(source, counted, createEncryptStream(encryptionKey, context), () => {});
  await store.put(key, encrypted);
  return { size, sha256: hash.digest('hex') };
}

/** The decrypted bytes of the blob `key`; a missing blob is a 404 problem, tampering errors the stream. */
export async function getDecrypted(
  store: EvidenceStore,
  key: string,
  encryptionKey: Uint8Array,
  context: string,
): Promise<Readable> {
  let source: Readable;
  try {
    source = await store.get(key);
  } catch (error) {
    if (error instanceof EvidenceBlobMissing)
      throw notFound('The evidence file is missing from the store.', 'evidence_missing');
    throw error;
  }
  return pipeline(source, createDecryptStream(encryptionKey, context), () => {});
}

/** Reads a whole (small) stream into memory: photos are capped by EVIDENCE_MAX_PHOTO_BYTES. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
