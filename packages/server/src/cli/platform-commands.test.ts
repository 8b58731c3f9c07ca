import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generatePlatformKey } from '../testing/platform-test-kit.js';
import { captureOutput } from './capture-io.js';
import { runCli } from './run-cli.js';

describe('ezhili platform add / dead-letters', () => {
  const saved = { ...process.env };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ezhili-cli-'));
    process.env.DATA_DIR = dir;
    process.env.EZHILI_ENV = 'test';
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('registers a platform from a JWKS file and lists its (no) dead letters', async () => {
    const key = await generatePlatformKey('ES256', 'k1');
    const file = join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [key.publicJwk] }));
    const out = captureOutput();
    const code = await runCli(
      ['platform', 'add', '--name', 'Acme Eats', '--jwks', file, '--contact', 'Ops Desk <ops@acme.example>'],
      out.stream,
      captureOutput().stream,
    );
    expect(code).toBe(0);
    const id = /registered (plt_\w+)/.exec(out.text())?.[1];
    expect(id).toBeDefined();
    const dead = captureOutput();
    expect(await runCli(['platform', 'dead-letters', '--platform', id!], dead.stream)).toBe(0);
    expect(dead.text()).toBe('');
  });

  it('refuses missing keys and private keys with a usage error', async () => {
    const err = captureOutput();
    expect(await runCli(['platform', 'add', '--name', 'X'], captureOutput().stream, err.stream)).toBe(2);
    const key = await generatePlatformKey('EdDSA', 'k2');
    const { exportJWK } = await import('jose');
    const file = join(dir, 'private.json');
    writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(key.privateKey)), kid: 'k2' }] }));
    const refused = captureOutput();
    expect(
      await runCli(
        ['platform', 'add', '--name', 'X', '--jwks', file],
        captureOutput().stream,
        refused.stream,
      ),
    ).toBe(2);
    expect(refused.text()).toContain('private key');
  });
});
