import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { captureOutput } from './capture-io.js';
import { runCli } from './run-cli.js';

describe('ezhili relisting reconcile', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'ezhili-cli-'));
    process.env.EZHILI_ENV = 'test';
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('reports what it found as JSON and exits 0 when no shop is online under a take-down', async () => {
    const out = captureOutput();
    expect(await runCli(['relisting', 'reconcile', '--json'], out.stream, captureOutput().stream)).toBe(0);
    expect(JSON.parse(out.text())).toEqual({ found: 0, recorded: 0, restoredOffline: 0 });
  });
});
