import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './run-cli.js';

describe('ezhili import and ezhili risk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ezhili-import-cli-'));
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, {
      DATA_DIR: dir,
      EZHILI_ENV: 'test',
      EZHILI_DEMO: 'true',
      LOG_LEVEL: 'error',
    });
    delete process.env.DATABASE_URL;
    delete process.env.KEYS_DIR;
    writeFileSync(
      join(dir, 'shops.csv'),
      'licenceNumber,name,districtCode\nL-1,One,350102\nL-2,Two,999999\nL-3,Three,\n',
    );
    writeFileSync(
      join(dir, 'inspections.csv'),
      'date,licenceNumber,critical,serious,minor\n2025-01-02,L-1,2,0,1\n2025-13-01,L-1,0,0,0\n2025-02-02,L-3,0,-4,0\n2025-03-03,L-3,0,1,0\n',
    );
  });
  afterAll(() => {
    process.env = saved;
    vi.restoreAllMocks();
  });

  async function run(args: string[]) {
    let out = '';
    let err = '';
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
      out += String(text);
      return true;
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((text) => {
      err += String(text);
      return true;
    });
    try {
      const code = await runCli(args);
      return { code, out, err };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  }

  it('imports shops and inspections with a progress bar and a rejected-rows summary; a second import adds nothing', async () => {
    const shops = await run(['import', 'shops', join(dir, 'shops.csv')]);
    expect(shops.code).toBe(0);
    expect(shops.out).toContain('read 3 rows: 2 created, 0 updated, 0 unchanged, 1 rejected');
    expect(shops.out).toContain('row 2: districtCode is not a district of the reference data');
    expect(shops.err).toMatch(/shops \[#+\] 100%/);

    const first = await run(['import', 'inspections', join(dir, 'inspections.csv')]);
    expect(first.code).toBe(0);
    expect(first.out).toContain('read 4 rows, 2 inserted, 0 already loaded, 2 rejected');
    expect(first.out).toContain('row 2: date is not a calendar date');
    expect(first.out).toContain('row 3: serious must be a whole number ≥ 0');
    expect(first.err).toMatch(/inspections \[#+\] 100%/);
    const second = await run(['import', 'inspections', join(dir, 'inspections.csv')]);
    expect(second.out).toContain('read 4 rows, 0 inserted, 2 already loaded, 2 rejected');

    const risk = await run(['risk', 'run', '--as-of', '2025-06-01']);
    expect(risk.code).toBe(0);
    expect(JSON.parse(risk.out)).toMatchObject({ status: 'completed', asOf: '2025-06-01' });
  });

  it('explains usage errors', async () => {
    const missing = await run(['import', 'inspections', join(dir, 'inspections.csv'), '--mapping', 'nope']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('No shipped mapping "nope"');
    const noSplit = await run(['risk', 'backtest']);
    expect(noSplit.code).toBe(2);
    expect(noSplit.err).toContain('--split DATE (or --test-start DATE) is required');
  });

  it('answers --help at every level and prints the current model', async () => {
    for (const group of ['import', 'risk', 'risk backtests']) {
      const help = await run([...group.split(' '), '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toContain(`Usage: ezhili ${group} <command>`);
    }
    const imports = await run(['import', '--help']);
    for (const name of ['import shops', 'import inspections', 'import covariates'])
      expect(imports.out).toContain(name);
    const risk = await run(['risk', '--help']);
    for (const name of [
      'risk calibrate',
      'risk backtest',
      'risk backtests export',
      'risk model show',
      'risk run',
    ])
      expect(risk.out).toContain(name);
    const sub = await run(['risk', 'backtests', 'export', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.out).toContain('shopExternalId');
    const unknown = await run(['risk', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('Unknown command: ezhili risk nope');
    const show = await run(['risk', 'model', 'show']);
    expect(show.code).toBe(0);
    expect(JSON.parse(show.out)).toMatchObject({ version: 1, indicators: expect.any(Array) });
  });
});
