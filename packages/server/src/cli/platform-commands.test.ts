import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generatePlatformKey } from '../platforms/platform-test-kit.js';
import { runCli } from './run-cli.js';

function capture() {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

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
    const out = capture();
    const code = await runCli(
      ['platform', 'add', '--name', 'Acme Eats', '--jwks', file, '--contact', 'Ops Desk <ops@acme.example>'],
      out.stream,
      capture().stream,
    );
    expect(code).toBe(0);
    const id = /registered (plt_\w+)/.exec(out.text())?.[1];
    expect(id).toBeDefined();
    const dead = capture();
    expect(await runCli(['platform', 'dead-letters', '--platform', id!], dead.stream)).toBe(0);
    expect(dead.text()).toBe('');
  });

  it('refuses missing keys and private keys with a usage error', async () => {
    const err = capture();
    expect(await runCli(['platform', 'add', '--name', 'X'], capture().stream, err.stream)).toBe(2);
    const key = await generatePlatformKey('EdDSA', 'k2');
    const { exportJWK } = await import('jose');
    const file = join(dir, 'private.json');
    writeFileSync(file, JSON.stringify({ keys: [{ ...(await exportJWK(key.privateKey)), kid: 'k2' }] }));
    const refused = capture();
    expect(
      await runCli(['platform', 'add', '--name', 'X', '--jwks', file], capture().stream, refused.stream),
    ).toBe(2);
    expect(refused.text()).toContain('private key');
  });
});
