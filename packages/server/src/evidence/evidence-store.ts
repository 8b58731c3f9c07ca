import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where encrypted evidence blobs live. The blobs are already encrypted when they arrive, so a
 * store needs no trust beyond durability: the default is a folder; an S3-compatible object
 * store implements the same three methods (put = PutObject/multipart upload, get = GetObject
 * body stream, delete = DeleteObject).
 */
export interface EvidenceStore {
  /** Stores the stream under `key`, replacing nothing: a blob appears whole or not at all. */
  put(key: string, source: Readable): Promise<void>;
  /** The blob's bytes; rejects with EvidenceBlobMissing when there is none. */
  get(key: string): Promise<Readable>;
  /** Removes the blob; succeeds when it is already gone. */
  delete(key: string): Promise<void>;
}

export class EvidenceBlobMissing extends Error {}

const KEY = /^[a-z]+\/[a-z0-9_]+$/;

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`Invalid evidence store key ${JSON.stringify(key)}`);
  return key;
}

/** The default store: one file per blob under `dir`, written to a temporary name and renamed. */
export function createFileEvidenceStore(dir: string): EvidenceStore {
  const pathOf = (key: string) => join(dir, ...checkKey(key).split('/'));
  return {
    async put(key, source) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const partial = `${path}.partial-${randomBytes(6).toString('hex')}`;
      try {
        await pipeline(source, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
        await rename(partial, path);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },
    async get(key) {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch {
        throw new EvidenceBlobMissing(`No evidence blob ${key}`);
      }
      return createReadStream(path);
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
