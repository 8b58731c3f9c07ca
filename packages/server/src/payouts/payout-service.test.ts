import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRewardService } from '../rewards/reward-service.js';
import { type ClosedCase, createClosedCase, tipHeaders } from '../testing/reward-test-fixtures.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { readLedger } from './file-ledger-adapter.js';
import type { PayoutAdapter } from './payout-adapter.js';
import { createPayoutService } from './payout-service.js';
import { readPayoutSettings } from './payout-settings.js';

const here = dirname(fileURLToPath(import.meta.url));
const serverRoot = join(here, '..', '..');

describe('payouts: exactly once', () => {
  let t: TestApp;
  let n = 100;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const ledger = () => readLedger(readPayoutSettings(t.ctx.config).ledgerPath);
  const payoutsOf = async (claimId: string) =>
    (
      await t.ctx.db.execute({
        sql: 'SELECT * FROM payouts WHERE claim_id = ? ORDER BY created_at',
        args: [claimId],
      })
    ).rows;

  /** A claim determined by the committee, ready for finance. */
  async function determinedClaim(): Promise<{ tip: ClosedCase; claimId: string; financeId: string }> {
    const tip = await createClosedCase(t, { n: ++n, penaltyFen: 30_000_000 });
    expect((await t.request('/rewards/claims', { headers: tipHeaders(tip), json: {} })).status).toBe(201);
    const claimId = String(
      (await t.ctx.db.execute({ sql: 'SELECT id FROM reward_claims WHERE case_id = ?', args: [tip.caseId] }))
        .rows[0]!.id,
    );
    const handler = await t.login('district@demo.local');
    const committee = await t.login('committee@demo.local');
    await t.request(`/rewards/claims/${claimId}/proposal`, {
      token: handler,
      json: { level: 1, internalWhistleblower: false, reasons: 'Key evidence.' },
    });
    expect(
      (await t.request(`/rewards/claims/${claimId}/determination`, { token: committee, json: {} })).status,
    ).toBe(200);
    const financeId = String(
      (await t.ctx.db.execute("SELECT id FROM staff_users WHERE email = 'finance@demo.local'")).rows[0]!.id,
    );
    return { tip, claimId, financeId };
  }

  it('pays once when the process is killed after the ledger write and before the database update', async () => {
    const { tip, claimId, financeId } = await determinedClaim();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(here, '../testing/payout-crash-child.ts'),
        t.dataDir,
        claimId,
        financeId,
        t.clock.now().toISOString(),
      ],
      {
        cwd: serverRoot,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const exit = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += String(chunk);
        if (out.includes('LEDGER_WRITTEN')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', () => reject(new Error(`child exited early: ${out} ${stderr}`)));
    });
    expect(await exit).toBe('SIGKILL');

    // The bank has the transfer; the database still thinks the payout is being submitted.
    const [payout] = await payoutsOf(claimId);
    expect(payout).toMatchObject({ state: 'submitting', attempts: 1 });
    const entries = () => ledger().filter((entry) => entry.idempotencyKey === payout!.idempotency_key);
    expect(entries()).toHaveLength(1);

    const payouts = createPayoutService(t.ctx);
    // While the dead process's lease runs, nobody takes the payout over.
    expect(await payouts.recover()).toBe(0);
    // A retry of the approval is refused: the payout exists.
    const finance = await t.login('finance@demo.local');
    const retried = await t.request(`/rewards/claims/${claimId}/payout-approval`, {
      token: finance,
      json: {},
    });
    expect(retried.status).toBe(409);

    t.clock.advance(10 * 60_000);
    expect(await payouts.recover()).toBe(1);
    expect(await payouts.recover()).toBe(0);
    expect(await payoutsOf(claimId)).toHaveLength(1);
    expect((await payoutsOf(claimId))[0]).toMatchObject({ state: 'paid', attempts: 2 });
    expect(entries()).toHaveLength(1);
    const view = (await (await t.request('/tip', { headers: tipHeaders(tip) })).json()) as {
      reward: unknown;
    };
    expect(view.reward).toMatchObject({ status: 'paid', amountFen: 1_500_000 });
  });

  it('retries an unknown outcome with the same key, and shows a refusal to the reporter', async () => {
    // A bank that times out once, then answers: the retry must reuse the payout's key.
    const keys: string[] = [];
    let calls = 0;
    const flaky: PayoutAdapter = {
      name: 'flaky-bank',
      async transfer(transfer) {
        keys.push(transfer.idempotencyKey);
        calls += 1;
        if (calls === 1) throw new Error('socket hang up');
        return { status: 'failed', reason: 'The receiving account is closed.' };
      },
    };
    const payouts = createPayoutService(t.ctx, { adapter: flaky });
    const rewards = createRewardService(t.ctx, { payouts });
    const { tip, claimId, financeId } = await determinedClaim();
    const finance = {
      id: financeId,
      email: 'f',
      displayName: 'F',
      roles: ['finance' as const],
      districtCode: null,
      source: 'local' as const,
    };
    const pending = await rewards.approve(claimId, finance);
    expect(pending).toMatchObject({ state: 'payout_pending', payout: { state: 'submitting', attempts: 1 } });
    expect(
      ((await (await t.request('/tip', { headers: tipHeaders(tip) })).json()) as { reward: unknown }).reward,
    ).toMatchObject({
      status: 'payout_pending',
    });
    t.clock.advance(10 * 60_000);
    await payouts.recover();
    expect(new Set(keys).size).toBe(1);
    expect(calls).toBe(2);
    const reporterView = (
      (await (await t.request('/tip', { headers: tipHeaders(tip) })).json()) as { reward: unknown }
    ).reward;
    expect(reporterView).toMatchObject({
      status: 'payout_failed',
      payoutFailureReason: 'The receiving account is closed.',
    });
    // Finance may approve again: a new payout with a new key, through the real ledger this time.
    const again = await createRewardService(t.ctx).approve(claimId, finance);
    expect(again).toMatchObject({ state: 'paid', payout: { state: 'paid', attempts: 1 } });
    const rows = await payoutsOf(claimId);
    expect(rows.map((row) => row.state)).toEqual(['failed', 'paid']);
    expect(rows[0]!.idempotency_key).not.toBe(rows[1]!.idempotency_key);
  });
});
