import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewriteAuditLog, tamperAuditDetails } from '../audit/audit-test-kit.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { captureOutput } from './capture-io.js';
import { runCli } from './run-cli.js';

describe('ezhili audit verify / audit checkpoint', () => {
  const saved = { ...process.env };
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await t.login('auditor1@demo.local');
    process.env.DATA_DIR = t.dataDir;
    process.env.EZHILI_ENV = 'test';
  });
  afterAll(() => {
    process.env = { ...saved };
    t.close();
  });

  it('prints a checkpoint for auditors to keep, and verifies against it', async () => {
    expect(await runCli(['audit', 'checkpoint'], captureOutput().stream, captureOutput().stream)).toBe(1);
    const signed = captureOutput();
    expect(await runCli(['audit', 'checkpoint', '--new'], signed.stream, captureOutput().stream)).toBe(0);
    const checkpoint = JSON.parse(signed.text()) as { seq: number; hash: string; jws: string };
    expect(checkpoint.jws.split('.')).toHaveLength(3);
    const printed = captureOutput();
    expect(await runCli(['audit', 'checkpoint'], printed.stream, captureOutput().stream)).toBe(0);
    expect(JSON.parse(printed.text())).toEqual(checkpoint);

    const kept = join(t.dataDir, 'kept-checkpoint.txt');
    writeFileSync(kept, `${checkpoint.jws}\n`);
    const ok = captureOutput();
    const okErr = captureOutput();
    expect(await runCli(['audit', 'verify', '--checkpoint', kept], ok.stream, okErr.stream)).toBe(0);
    expect(JSON.parse(ok.text())).toMatchObject({ intact: true, fromSeq: 0, checkpointsChecked: 2 });
    expect(okErr.text()).toContain('audit log intact');

    const incremental = captureOutput();
    expect(
      await runCli(['audit', 'verify', '--incremental'], incremental.stream, captureOutput().stream),
    ).toBe(0);
    expect(JSON.parse(incremental.text())).toMatchObject({ intact: true, fromSeq: checkpoint.seq });

    writeFileSync(kept, 'eyJhbGciOiJFZERTQSJ9.eyJzZXEiOjF9.bm90IHNpZ25lZA\n');
    const forged = captureOutput();
    expect(
      await runCli(['audit', 'verify', '--checkpoint', kept], captureOutput().stream, forged.stream),
    ).toBe(1);
    expect(forged.text()).toContain('not a checkpoint this regulator signed');
  });

  it('fails on a tampered event, and on a log rewritten as a whole since a checkpoint', async () => {
    await tamperAuditDetails(t.ctx.db, 1, { edited: true });
    const err = captureOutput();
    expect(await runCli(['audit', 'verify'], captureOutput().stream, err.stream)).toBe(1);
    expect(err.text()).toContain('BROKEN at event 1');

    // Consistent again, hashes and head recomputed: only the checkpoint file shows it.
    await rewriteAuditLog(t.ctx.db, (_seq, details) => details);
    const rewritten = captureOutput();
    expect(await runCli(['audit', 'verify'], captureOutput().stream, rewritten.stream)).toBe(1);
    expect(rewritten.text()).toMatch(/does not match the checkpoint of .* the log was rewritten/);
  });
});
