import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

describe('ezhili partner add / list', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'ezhili-cli-'));
    process.env.EZHILI_ENV = 'test';
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('registers a partner with its origins and lists it', async () => {
    const out = capture();
    const args = ['partner', 'add', '--id', 'rider-home', '--name', 'Rider Home'];
    const origins = ['--origin', 'https://App.Rider-Home.cn', '--origin', 'https://*.rider-home.cn'];
    expect(await runCli([...args, ...origins], out.stream, capture().stream)).toBe(0);
    expect(out.text()).toContain('registered rider-home: https://app.rider-home.cn https://*.rider-home.cn');
    const list = capture();
    expect(await runCli(['partner', 'list'], list.stream)).toBe(0);
    expect(list.text()).toContain(
      'rider-home\tenabled\thttps://app.rider-home.cn https://*.rider-home.cn\tRider Home',
    );
  });

  it('refuses unsafe origins and missing arguments with a usage error', async () => {
    const err = capture();
    const code = await runCli(
      ['partner', 'add', '--id', 'plain', '--name', 'Plain', '--origin', 'http://plain.example.cn'],
      capture().stream,
      err.stream,
    );
    expect(code).toBe(2);
    expect(err.text()).toContain('must use https');
    expect(await runCli(['partner', 'add', '--id', 'x1'], capture().stream, capture().stream)).toBe(2);
  });
});
