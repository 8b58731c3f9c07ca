import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSealed, sealTo } from '../crypto/sealed-box.js';
import {
  AuditKeyError,
  createAuditKeyCeremony,
  DEMO_AUDIT_SHARES_FILE,
  loadOrCreateAuditKey,
  reconstructAuditPrivateKey,
} from './audit-key.js';

describe('audit key ceremony', () => {
  it('opens a sealed envelope with k shares and not with k-1', async () => {
    const { keyFile, shares } = await createAuditKeyCeremony({ shares: 3, threshold: 2 });
    const box = sealTo(Buffer.from(keyFile.publicKey, 'base64url'), keyFile.kid, 'identity', 'ctx');
    await expect(reconstructAuditPrivateKey(keyFile, [shares[0]!])).rejects.toThrow(AuditKeyError);
    await expect(reconstructAuditPrivateKey(keyFile, [shares[0]!, shares[0]!])).rejects.toThrow(/distinct/);
    const key = await reconstructAuditPrivateKey(keyFile, [shares[2]!, shares[0]!]);
    expect(openSealed(key, box, 'ctx').toString()).toBe('identity');
  });

  it('refuses a forged share and a share of another key', async () => {
    const { keyFile, shares } = await createAuditKeyCeremony({ shares: 3, threshold: 2 });
    const other = await createAuditKeyCeremony({ shares: 3, threshold: 2 });
    const [prefix, kid, body] = shares[1]!.split('.');
    const bytes = Buffer.from(body!, 'base64url');
    bytes[3] = (bytes[3] ?? 0) ^ 0xff;
    const forged = `${prefix}.${kid}.${bytes.toString('base64url')}`;
    await expect(reconstructAuditPrivateKey(keyFile, [shares[0]!, forged])).rejects.toThrow(/forged/);
    await expect(reconstructAuditPrivateKey(keyFile, [shares[0]!, other.shares[1]!])).rejects.toThrow(
      /another/,
    );
  });

  it('creates a demo key with its shares beside the data, and refuses to invent one otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ezhili-auditkey-'));
    const base = { keysDir: join(dir, 'keys'), dataDir: dir };
    await expect(loadOrCreateAuditKey({ ...base, demo: false, env: 'development' })).rejects.toThrow(
      /audit init/,
    );
    const keyFile = await loadOrCreateAuditKey({ ...base, demo: true, env: 'development' });
    expect(keyFile).toMatchObject({ threshold: 2, shares: 3, demo: true });
    const saved = JSON.parse(readFileSync(join(dir, DEMO_AUDIT_SHARES_FILE), 'utf8')) as { shares: string[] };
    expect(await reconstructAuditPrivateKey(keyFile, saved.shares.slice(1))).toHaveLength(32);
    await expect(loadOrCreateAuditKey({ ...base, demo: false, env: 'production' })).rejects.toThrow(
      /demo audit key/,
    );
  });
});
