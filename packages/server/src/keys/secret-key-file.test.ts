import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { createSecretKeyFile, loadSecretKey, SecretKeyError, secretKeyPath } from './secret-key-file.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'ezhili-keys-'));

describe('secret key files', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('creates a key outside production and reuses it', () => {
    const keysDir = fresh();
    const key = loadSecretKey({ keysDir, env: 'test' }, 'payout');
    expect(key).toHaveLength(32);
    expect(statSync(secretKeyPath(keysDir, 'payout')).mode & 0o777).toBe(0o600);
    expect(readFileSync(secretKeyPath(keysDir, 'payout'), 'utf8').trim()).toBe(key.toString('base64'));
    expect(loadSecretKey({ keysDir, env: 'development' }, 'payout').equals(key)).toBe(true);
  });

  it('refuses a production start without the key, and a malformed key', () => {
    const keysDir = fresh();
    expect(() => loadSecretKey({ keysDir, env: 'production' }, 'evidence')).toThrow(/ezhili secrets init/);
    writeFileSync(secretKeyPath(keysDir, 'evidence'), 'too short\n');
    expect(() => loadSecretKey({ keysDir, env: 'production' }, 'evidence')).toThrow(SecretKeyError);
  });

  it('never overwrites a key', () => {
    const keysDir = fresh();
    createSecretKeyFile(keysDir, 'payout');
    expect(() => createSecretKeyFile(keysDir, 'payout')).toThrow(/refusing to overwrite/);
  });

  it('`ezhili secrets init` creates both keys once, then keeps them', async () => {
    const dataDir = fresh();
    process.env.DATA_DIR = dataDir;
    process.env.EZHILI_ENV = 'production';
    process.env.STAFF_TOKEN_SECRET = 'a-production-secret-of-more-than-32-characters';
    let text = '';
    const out = new Writable({
      write(chunk, _encoding, done) {
        text += chunk;
        done();
      },
    }) as unknown as NodeJS.WriteStream;
    expect(await runCli(['secrets', 'init'], out, out)).toBe(0);
    expect(text).toMatch(/created .*payout\.key/);
    expect(text).toMatch(/created .*evidence\.key/);
    const payout = readFileSync(join(dataDir, 'keys', 'payout.key'), 'utf8');
    expect(await runCli(['secrets', 'init'], out, out)).toBe(0);
    expect(text).toMatch(/kept .*payout\.key/);
    expect(readFileSync(join(dataDir, 'keys', 'payout.key'), 'utf8')).toBe(payout);
  });
});
