import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readAuditKeyFile, reconstructAuditPrivateKey } from '../audit/audit-key.js';
import { openSealed, sealTo } from '../crypto/sealed-box.js';
import { runCli } from './run-cli.js';

describe('ezhili audit init', () => {
  const saved = process.env.KEYS_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.KEYS_DIR;
    else process.env.KEYS_DIR = saved;
    vi.restoreAllMocks();
  });

  async function run(args: string[]) {
    let out = '';
    let err = '';
    const capture = (append: (text: string) => void) =>
      ({
        write(text: string) {
          append(text);
          return true;
        },
      }) as unknown as NodeJS.WriteStream;
    // Commands write to process.stdout directly; capture it for the test.
    vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
      out += String(text);
      return true;
    });
    const code = await runCli(
      args,
      capture((text) => {
        out += text;
      }),
      capture((text) => {
        err += text;
      }),
    );
    vi.restoreAllMocks();
    return { code, out, err };
  }

  it('prints the shares once and keeps only the public key', async () => {
    const keysDir = mkdtempSync(join(tmpdir(), 'ezhili-audit-init-'));
    process.env.KEYS_DIR = keysDir;
    const { code, out } = await run(['audit', 'init', '--shares', '3', '--threshold', '2']);
    expect(code).toBe(0);
    const shares = [...out.matchAll(/share \d: (EZA1\.\S+)/g)].map((m) => m[1]!);
    expect(shares).toHaveLength(3);
    expect(readdirSync(keysDir)).toEqual(['audit-public-key.json']);
    const fileText = readFileSync(join(keysDir, 'audit-public-key.json'), 'utf8');
    for (const share of shares) expect(fileText).not.toContain(share.split('.')[2]);
    const keyFile = readAuditKeyFile(keysDir)!;
    expect(keyFile).toMatchObject({ threshold: 2, shares: 3, demo: false });
    const box = sealTo(Buffer.from(keyFile.publicKey, 'base64url'), keyFile.kid, 'sealed identity', 'aad');
    const key = await reconstructAuditPrivateKey(keyFile, [shares[0]!, shares[2]!]);
    expect(openSealed(key, box, 'aad').toString()).toBe('sealed identity');
    await expect(reconstructAuditPrivateKey(keyFile, [shares[1]!])).rejects.toThrow();

    // An existing key is not replaced without --force.
    const again = await run(['audit', 'init', '--shares', '3', '--threshold', '2']);
    expect(again.code).toBe(2);
    expect(again.err).toContain('--force');
    expect(readAuditKeyFile(keysDir)!.kid).toBe(keyFile.kid);
    const forced = await run(['audit', 'init', '--shares', '5', '--threshold', '3', '--force']);
    expect(forced.code).toBe(0);
    expect(readAuditKeyFile(keysDir)).toMatchObject({ shares: 5, threshold: 3 });
  });

  it('refuses a threshold below 2 or above the number of shares', async () => {
    process.env.KEYS_DIR = mkdtempSync(join(tmpdir(), 'ezhili-audit-init-'));
    expect((await run(['audit', 'init', '--shares', '3', '--threshold', '1'])).code).toBe(2);
    expect((await run(['audit', 'init', '--shares', '2', '--threshold', '3'])).code).toBe(2);
    expect(readAuditKeyFile(process.env.KEYS_DIR)).toBeUndefined();
  });
});
