import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureOutput } from './capture-io.js';
import { runCli } from './run-cli.js';

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
    const out = captureOutput();
    const args = ['partner', 'add', '--id', 'rider-home', '--name', 'Rider Home'];
    const origins = ['--origin', 'https://App.Rider-Home.cn', '--origin', 'https://*.rider-home.cn'];
    expect(await runCli([...args, ...origins], out.stream, captureOutput().stream)).toBe(0);
    expect(out.text()).toContain('registered rider-home: https://app.rider-home.cn https://*.rider-home.cn');
    const list = captureOutput();
    expect(await runCli(['partner', 'list'], list.stream)).toBe(0);
    expect(list.text()).toContain(
      'rider-home\tenabled\thttps://app.rider-home.cn https://*.rider-home.cn\tRider Home',
    );
  });

  it('refuses unsafe origins and missing arguments with a usage error', async () => {
    const err = captureOutput();
    const code = await runCli(
      ['partner', 'add', '--id', 'plain', '--name', 'Plain', '--origin', 'http://plain.example.cn'],
      captureOutput().stream,
      err.stream,
    );
    expect(code).toBe(2);
    expect(err.text()).toContain('must use https');
    expect(
      await runCli(['partner', 'add', '--id', 'x1'], captureOutput().stream, captureOutput().stream),
    ).toBe(2);
  });
});
