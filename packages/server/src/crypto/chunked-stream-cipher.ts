import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { deriveKey } from './aead.js';

/**
 * Streaming authenticated encryption for evidence files: AES-256-GCM over fixed-size chunks
 * (the STREAM construction), so a video is encrypted and decrypted with bounded memory.
 *
 *   header  = "EZE1" ‖ chunkSize (u32 BE) ‖ salt (16 random bytes)
 *   key     = HKDF-SHA256(fileKey, salt, "ezhili evidence chunks v1")   (a fresh key per blob)
 *   chunk i = AES-256-GCM(key, iv = i (u64 BE) ‖ 0x0000000F if last else 0, aad = header ‖ context)
 *             as ciphertext ‖ 16-byte tag; every chunk but the last holds exactly chunkSize bytes
 *
 * The last-chunk flag in the IV makes truncation and appending detectable; the context (e.g. the
 * evidence id and role) in the AAD stops a blob from being passed off as another.
 */
const MAGIC = Buffer.from('EZE1');
const HEADER_BYTES = 4 + 4 + 16;
const TAG_BYTES = 16;
export const EVIDENCE_CHUNK_BYTES = 64 * 1024;

function chunkIv(index: number, last: boolean): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeBigUInt64BE(BigInt(index), 0);
  iv.writeUInt32BE(last ? 0x0f : 0, 8);
  return iv;
}

/** Collects incoming buffers and hands out exact-size slices without quadratic copying. */
class ByteQueue {
  #parts: Buffer[] = [];
  length = 0;
  push(data: Buffer) {
    this.#parts.push(data);
    this.length += data.length;
  }
  take(bytes: number): Buffer {
    const out = Buffer.allocUnsafe(bytes);
    let filled = 0;
    while (filled < bytes) {
      const head = this.#parts[0]!;
      const used = Math.min(head.length, bytes - filled);
      head.copy(out, filled, 0, used);
      filled += used;
      if (used === head.length) this.#parts.shift();
      else this.#parts[0] = head.subarray(used);
    }
    this.length -= bytes;
    return out;
  }
}

export function createEncryptStream(
  fileKey: Uint8Array,
  context: string,
  chunkBytes = EVIDENCE_CHUNK_BYTES,
): Transform {
  const salt = randomBytes(16);
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(chunkBytes, 4);
  salt.copy(header, 8);
  const key = deriveKey(fileKey, 'ezhili evidence chunks v1', salt.toString('base64url'));
  const aad = Buffer.concat([header, Buffer.from(context)]);
  const queue = new ByteQueue();
  let index = 0;
  let headerSent = false;
  const seal = (plain: Buffer, last: boolean) => {
    const cipher = createCipheriv('aes-256-gcm', key, chunkIv(index++, last));
    cipher.setAAD(aad);
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  return new Transform({
    transform(data: Buffer, _encoding, callback: TransformCallback) {
      if (!headerSent) this.push(header);
      headerSent = true;
      queue.push(data);
      // Keep at least one byte back: only flush() knows which chunk is the last.
      while (queue.length > chunkBytes) this.push(seal(queue.take(chunkBytes), false));
      callback();
    },
    flush(callback) {
      if (!headerSent) this.push(header);
      this.push(seal(queue.take(queue.length), true));
      callback();
    },
  });
}

export class EvidenceCipherError extends Error {}

export function createDecryptStream(fileKey: Uint8Array, context: string): Transform {
  const queue = new ByteQueue();
  let key: Buffer | undefined;
  let aad: Buffer | undefined;
  let chunkBytes = 0;
  let index = 0;
  const open = (sealed: Buffer, last: boolean) => {
    const decipher = createDecipheriv('aes-256-gcm', key!, chunkIv(index++, last));
    decipher.setAAD(aad!);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  };
  return new Transform({
    transform(data: Buffer, _encoding, callback: TransformCallback) {
      try {
        queue.push(data);
        if (!key) {
          if (queue.length < HEADER_BYTES) return callback();
          const header = queue.take(HEADER_BYTES);
          if (!header.subarray(0, 4).equals(MAGIC)) throw new EvidenceCipherError('Not an evidence blob');
          chunkBytes = header.readUInt32BE(4);
          key = deriveKey(fileKey, 'ezhili evidence chunks v1', header.subarray(8).toString('base64url'));
          aad = Buffer.concat([header, Buffer.from(context)]);
        }
        while (queue.length > chunkBytes + TAG_BYTES)
          this.push(open(queue.take(chunkBytes + TAG_BYTES), false));
        callback();
      } catch (error) {
        callback(
          error instanceof EvidenceCipherError
            ? error
            : new EvidenceCipherError('Evidence blob failed authentication'),
        );
      }
    },
    flush(callback) {
      try {
        if (!key || queue.length < TAG_BYTES) throw new EvidenceCipherError('Evidence blob is truncated');
        this.push(open(queue.take(queue.length), true));
        callback();
      } catch (error) {
        callback(
          error instanceof EvidenceCipherError
            ? error
            : new EvidenceCipherError('Evidence blob failed authentication'),
        );
      }
    },
  });
}
