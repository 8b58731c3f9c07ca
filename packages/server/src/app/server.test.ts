import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAuditKeyCeremony, writeAuditKeyFile } from '../audit/audit-key.js';
import { loadConfig } from '../config/config.js';
import { createSecretKeyFile } from '../keys/secret-key-file.js';
import { SigningKeyStore } from '../keys/signing-keys.js';
import { createMemoryLogger } from '../logging/logger.js';
import { startServer } from './server.js';

const productionEnv = (dataDir: string) => ({
  EZHILI_ENV: 'production',
  DATA_DIR: dataDir,
  PORT: '0',
  STAFF_TOKEN_SECRET: 'a-production-secret-of-at-least-32-characters',
  PASSWORD_SCRYPT_COST: '17',
});
const quiet = () => ({ logger: createMemoryLogger().logger, background: false });

describe('a production start', () => {
  it('refuses to run without an audit public key, naming the ceremony', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ezhili-prod-'));
    await expect(startServer(loadConfig(productionEnv(dir)), quiet())).rejects.toThrow(/ezhili audit init/);
  });

  it('refuses demo signing keys left over from a demo start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ezhili-prod-'));
    await SigningKeyStore.open(join(dir, 'keys'), { demo: true });
    await expect(startServer(loadConfig(productionEnv(dir)), quiet())).rejects.toThrow(/demo signing keys/);
  });

  it('refuses a database that still has the demo logins', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ezhili-prod-'));
    const demo = await startServer(
      loadConfig({ EZHILI_ENV: 'test', DATA_DIR: dir, PORT: '0' }, { demo: true }),
      quiet(),
    );
    await demo.close();
    const store = await SigningKeyStore.open(join(dir, 'keys'), { demo: false });
    const old = store.list()[0]!.kid;
    await store.rotate();
    store.retire(old);
    const { keyFile } = await createAuditKeyCeremony({ shares: 3, threshold: 2 });
    writeAuditKeyFile(join(dir, 'keys'), keyFile);
    await expect(startServer(loadConfig(productionEnv(dir)), quiet())).rejects.toThrow(/demo staff users/);
  });

  it('starts with its own keys and secrets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ezhili-prod-'));
    const { keyFile } = await createAuditKeyCeremony({ shares: 3, threshold: 2 });
    writeAuditKeyFile(join(dir, 'keys'), keyFile);
    for (const name of ['payout', 'evidence', 'idempotency']) createSecretKeyFile(join(dir, 'keys'), name);
    const server = await startServer(loadConfig(productionEnv(dir)), quiet());
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    await server.close();
  });
});
