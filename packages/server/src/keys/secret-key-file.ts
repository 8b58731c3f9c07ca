import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A 32-byte symmetric key kept in `KEYS_DIR/<name>.key` as base64 (one line), e.g. `payout.key`
 * (the payout envelope of reporter identities) and `evidence.key` (evidence at rest).
 *
 * Outside production a missing key is generated on first start, so the demo and tests run with
 * no set-up. A production start refuses a missing key: generating a fresh one there would
 * silently make every existing envelope or evidence file unreadable, so the operator must
 * create it deliberately (`ezhili secrets init`) and keep an offline backup.
 */
export class SecretKeyError extends Error {}

const KEY_BYTES = 32;

export function secretKeyPath(keysDir: string, name: string): string {
  return join(keysDir, `${name}.key`);
}

/** Writes a fresh random key; refuses to overwrite an existing one. Returns the path. */
export function createSecretKeyFile(keysDir: string, name: string): string {
  const path = secretKeyPath(keysDir, name);
  if (existsSync(path)) throw new SecretKeyError(`${path} exists; refusing to overwrite a key.`);
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  // Written under a temporary name and linked into place, so a concurrent reader never sees a
  // half-written key and two instances starting at once cannot both create one.
  const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(partial, 0o600);
    linkSync(partial, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new SecretKeyError(`${path} exists; refusing to overwrite a key.`);
    }
    throw error;
  } finally {
    unlinkSync(partial);
  }
  return path;
}

/** Reads and checks a key file; throws a SecretKeyError naming the file when it is malformed. */
export function readSecretKeyFile(path: string): Buffer {
  const text = readFileSync(path, 'utf8').trim();
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES || key.toString('base64') !== text) {
    throw new SecretKeyError(`${path} must hold exactly ${KEY_BYTES} bytes, base64-encoded, on one line.`);
  }
  return key;
}

const cache = new Map<string, Buffer>();

/**
 * Loads `KEYS_DIR/<name>.key`, creating it outside production. Cached per path: the key never
 * changes while a server runs (rotating it needs re-encryption, which is an offline operation).
 */
export function loadSecretKey(config: { keysDir: string; env: string }, name: string): Buffer {
  const path = secretKeyPath(config.keysDir, name);
  const cached = cache.get(path);
  if (cached) return cached;
  if (!existsSync(path)) {
    if (config.env === 'production') {
      throw new SecretKeyError(
        `No ${name} key at ${path}: run \`ezhili secrets init\` once, back the file up offline, and share it between instances.`,
      );
    }
    try {
      createSecretKeyFile(config.keysDir, name);
    } catch (error) {
      // Another instance (or test worker) created it first; read theirs.
      if (!existsSync(path)) throw error;
    }
  }
  const key = readSecretKeyFile(path);
  cache.set(path, key);
  return key;
}
