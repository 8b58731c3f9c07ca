import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedClosedCase } from '../testing/retention-fixtures.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { captureOutput } from './capture-io.js';
import { runCli } from './run-cli.js';

describe('ezhili retention run', () => {
  const saved = { ...process.env };
  let t: TestApp;

  beforeAll(async () => {
    // The CLI runs on the machine's clock: the case is closed 11 years before it, so every
    // period has passed whatever the date (the suite also runs under faketime +400 d).
    t = await createTestApp({}, {}, { now: new Date(Date.now() - 4020 * 24 * 3_600_000) });
    await seedClosedCase(t, 7);
    process.env.DATA_DIR = t.dataDir;
    process.env.EZHILI_ENV = 'test';
  }, 60_000);
  afterAll(() => {
    process.env = { ...saved };
    t.close();
  });

  it('--dry-run counts what is due and deletes nothing; a run deletes it', async () => {
    const out = captureOutput();
    const err = captureOutput();
    expect(await runCli(['retention', 'run', '--dry-run', '--json'], out.stream, err.stream)).toBe(0);
    const dry = JSON.parse(out.text()) as { dryRun: boolean; due: Record<string, number> };
    expect(dry).toMatchObject({ dryRun: true, due: { closed_cases: 1, messages: 2, identities: 1 } });
    expect(Number((await t.ctx.db.execute('SELECT count(*) AS n FROM cases')).rows[0]!.n)).toBe(1);

    const out2 = captureOutput();
    expect(await runCli(['retention', 'run'], out2.stream, err.stream)).toBe(0);
    expect(out2.text()).toContain('closed_cases  1');
    expect(err.text()).toMatch(/retention run ret_\w+: 1 case\(s\) affected/);
    expect(Number((await t.ctx.db.execute('SELECT count(*) AS n FROM cases')).rows[0]!.n)).toBe(0);
  });
});
