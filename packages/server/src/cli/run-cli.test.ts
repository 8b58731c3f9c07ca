import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SigningKeyStore } from '../keys/signing-keys.js';
import { captureOutput } from './capture-io.js';
import { runCli } from './run-cli.js';

describe('ezhili CLI', () => {
  const saved = { ...process.env };
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ezhili-cli-'));
    process.env.DATA_DIR = dataDir;
    process.env.EZHILI_ENV = 'test';
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('lists the commands with --help', async () => {
    const out = captureOutput();
    expect(await runCli(['--help'], out.stream)).toBe(0);
    for (const name of ['serve', 'migrate', 'keys rotate', 'user add']) expect(out.text()).toContain(name);
  });

  it('shows a command’s own help', async () => {
    const out = captureOutput();
    expect(await runCli(['user', 'add', '--help'], out.stream)).toBe(0);
    expect(out.text()).toContain('--district');
  });

  it('exits 2 with the overview on an unknown command', async () => {
    const err = captureOutput();
    expect(await runCli(['frobnicate'], captureOutput().stream, err.stream)).toBe(2);
    expect(err.text()).toContain('Unknown command');
  });

  it('adds a staff user, refusing bad roles and short passwords', async () => {
    const out = captureOutput();
    const err = captureOutput();
    process.env.EZHILI_NEW_PASSWORD = 'a-long-enough-password';
    const args = [
      'user',
      'add',
      '--email',
      'li@fz.gov.cn',
      '--name',
      'Li',
      '--role',
      'district_handler',
      '--district',
      '350104',
    ];
    expect(await runCli(args, out.stream, err.stream)).toBe(0);
    expect(out.text()).toMatch(/created stf_\w+ \(li@fz.gov.cn\): district_handler/);
    expect(await runCli(args, out.stream, err.stream)).toBe(2);
    expect(err.text()).toContain('exists');
    expect(
      await runCli(
        ['user', 'add', '--email', 'x@y.cn', '--name', 'X', '--role', 'king'],
        out.stream,
        err.stream,
      ),
    ).toBe(2);
    process.env.EZHILI_NEW_PASSWORD = 'short';
    expect(
      await runCli(
        ['user', 'add', '--email', 'x@y.cn', '--name', 'X', '--role', 'admin'],
        out.stream,
        err.stream,
      ),
    ).toBe(2);
    expect(err.text()).toContain('12 characters');
  });

  it('rotates the signing key, keeping the old one published', async () => {
    const keysDir = join(dataDir, 'keys');
    const first = (await SigningKeyStore.open(keysDir, { demo: false })).current().kid;
    const out = captureOutput();
    expect(await runCli(['keys', 'rotate'], out.stream)).toBe(0);
    const store = await SigningKeyStore.open(keysDir, { demo: false });
    expect(store.current().kid).not.toBe(first);
    expect(store.jwks().keys.map((k) => k.kid)).toContain(first);
  });
});
