import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { combine, split } from 'shamir-secret-sharing';
import { systemClock } from '../clock/clock.js';
import { sha256Hex } from '../crypto/hashing.js';
import { generateSealingKeyPair, publicKeyOf } from '../crypto/sealed-box.js';
import { newId } from '../ids/ids.js';

/**
 * The audit key: an X25519 key pair whose public half seals every reporter's audit envelope and
 * whose private half exists only as Shamir shares held by auditors (k of n reconstruct it).
 * The server keeps the public key file alone; there is no path that opens an audit envelope
 * without k shares.
 */
export interface AuditKeyFile {
  kid: string;
  alg: 'X25519';
  /** Raw X25519 public key, base64url. */
  publicKey: string;
  threshold: number;
  shares: number;
  createdAt: string;
  /** Created by a demo or test start, with its shares written next to the database. */
  demo: boolean;
  /**
   * SHA-256 fingerprints of the shares (see `auditShareDigest`), so each share can be checked on
   * its own when an auditor submits it, before k are together. A share's 32 random bytes make its
   * fingerprint reveal nothing. Absent in key files made before fingerprints existed.
   */
  shareDigests?: string[];
}

export const AUDIT_KEY_FILE = 'audit-public-key.json';
export const DEMO_AUDIT_SHARES_FILE = 'demo-audit-shares.json';
const SHARE_PREFIX = 'EZA1';

export class AuditKeyError extends Error {}

/** Generates the key, splits the private key into `shares` shares (any `threshold` reconstruct it). */
export async function createAuditKeyCeremony(
  options: { shares: number; threshold: number; demo?: boolean },
  at = systemClock.now(),
): Promise<{ keyFile: AuditKeyFile; shares: string[] }> {
  const { shares, threshold } = options;
  if (!Number.isInteger(threshold) || threshold < 2)
    throw new AuditKeyError('The threshold must be at least 2.');
  if (!Number.isInteger(shares) || shares < threshold || shares > 255) {
    throw new AuditKeyError('There must be at least as many shares as the threshold (and at most 255).');
  }
  const pair = generateSealingKeyPair();
  const kid = newId('audkey', at);
  const parts = await split(new Uint8Array(pair.privateKey), shares, threshold);
  pair.privateKey.fill(0);
  const shareStrings = parts.map(
    (part) => `${SHARE_PREFIX}.${kid}.${Buffer.from(part).toString('base64url')}`,
  );
  return {
    keyFile: {
      kid,
      alg: 'X25519',
      publicKey: pair.publicKey.toString('base64url'),
      threshold,
      shares,
      createdAt: at.toISOString(),
      demo: options.demo ?? false,
      shareDigests: parts.map((part) => auditShareDigest(kid, part)),
    },
    shares: shareStrings,
  };
}

/** The fingerprint of one share: SHA-256 over a label, the key id and the share bytes. */
export function auditShareDigest(kid: string, share: Uint8Array): string {
  return sha256Hex(Buffer.concat([Buffer.from(`ezhili audit share v1|${kid}|`), Buffer.from(share)]));
}

/**
 * Checks one share on its own: well-formed, of this key, and (when the key file has
 * fingerprints) one of the shares the ceremony made. Returns its bytes; throws on a forged share.
 */
export function verifyAuditShare(share: string, keyFile: AuditKeyFile): Uint8Array {
  const bytes = parseAuditShare(share, keyFile);
  if (keyFile.shareDigests && !keyFile.shareDigests.includes(auditShareDigest(keyFile.kid, bytes))) {
    throw new AuditKeyError('The share is not one of this audit key’s shares (wrong or forged).');
  }
  return bytes;
}

/** Parses one share string; throws on a malformed share or one of another key. */
export function parseAuditShare(share: string, keyFile: AuditKeyFile): Uint8Array {
  const [prefix, kid, body, extra] = share.trim().split('.');
  if (prefix !== SHARE_PREFIX || !kid || !body || extra !== undefined)
    throw new AuditKeyError('Malformed share.');
  if (kid !== keyFile.kid) throw new AuditKeyError('The share belongs to another audit key.');
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length !== 33) throw new AuditKeyError('Malformed share.');
  return new Uint8Array(bytes);
}

/**
 * Reconstructs the audit private key from at least `threshold` distinct shares and proves it by
 * deriving the public key; a forged or wrong share yields a key that does not match and throws.
 * The caller must zero the returned buffer after use.
 */
export async function reconstructAuditPrivateKey(keyFile: AuditKeyFile, shares: string[]): Promise<Buffer> {
  const parsed = shares.map((share) => parseAuditShare(share, keyFile));
  const distinct = new Map(parsed.map((share) => [share[share.length - 1], share]));
  if (distinct.size < keyFile.threshold) {
    throw new AuditKeyError(`At least ${keyFile.threshold} distinct shares are needed.`);
  }
  const secret = Buffer.from(await combine([...distinct.values()]));
  if (secret.length !== 32 || !publicKeyOf(secret).equals(Buffer.from(keyFile.publicKey, 'base64url'))) {
    secret.fill(0);
    throw new AuditKeyError('The shares do not reconstruct the audit key (a share is wrong or forged).');
  }
  return secret;
}

export function readAuditKeyFile(keysDir: string): AuditKeyFile | undefined {
  const path = join(keysDir, AUDIT_KEY_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as AuditKeyFile) : undefined;
}

export function writeAuditKeyFile(keysDir: string, keyFile: AuditKeyFile): void {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(keysDir, AUDIT_KEY_FILE), `${JSON.stringify(keyFile, null, 2)}\n`, { mode: 0o644 });
}

/**
 * Loads the audit public key. A demo or test start without one runs a 2-of-3 ceremony and writes
 * the shares to DATA_DIR/demo-audit-shares.json so the demo auditors can use them; any other
 * start without the key refuses, naming `ezhili audit init`.
 */
export async function loadOrCreateAuditKey(config: {
  keysDir: string;
  dataDir: string;
  demo: boolean;
  env: string;
}): Promise<AuditKeyFile> {
  const existing = readAuditKeyFile(config.keysDir);
  if (existing) {
    if (config.env === 'production' && existing.demo) {
      throw new AuditKeyError(
        'Refusing to start in production with a demo audit key: run `ezhili audit init`.',
      );
    }
    return existing;
  }
  if (!config.demo && config.env !== 'test') {
    throw new AuditKeyError(
      `No audit public key at ${join(config.keysDir, AUDIT_KEY_FILE)}: run \`ezhili audit init --shares 3 --threshold 2\` and hand the shares to the auditors.`,
    );
  }
  const { keyFile, shares } = await createAuditKeyCeremony({ shares: 3, threshold: 2, demo: true });
  writeAuditKeyFile(config.keysDir, keyFile);
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(
    join(config.dataDir, DEMO_AUDIT_SHARES_FILE),
    `${JSON.stringify({ warning: 'DEMO ONLY: real shares are never written to disk.', kid: keyFile.kid, shares }, null, 2)}\n`,
    { mode: 0o600 },
  );
  return keyFile;
}
