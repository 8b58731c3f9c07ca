import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffPrincipal, StaffRole } from '../auth/staff-principal.js';
import { ProblemError } from '../problem/problem-error.js';
import { createClosedCase, tipHeaders } from '../testing/reward-test-fixtures.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { createRewardService, type RewardService } from './reward-service.js';

/** The reward rules hold without HTTP: each step checks its roles and duties itself. */
describe('reward service: roles and separation of duties', () => {
  let t: TestApp;
  let rewards: RewardService;
  let claimId: string;

  const official = (id: string, roles: StaffRole[], districtCode: string | null = null): StaffPrincipal => ({
    id,
    email: `${id}@example.test`,
    displayName: id,
    roles,
    districtCode,
    source: 'local',
  });
  const handler = official('stf_handler', ['district_handler'], '350102');
  const committee = official('stf_committee', ['reward_committee']);
  const finance = official('stf_finance', ['finance']);
  const committeeAndFinance = official('stf_both', ['reward_committee', 'finance']);

  const refusal = async (step: Promise<unknown>) => {
    const error = await step.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ProblemError);
    return error as ProblemError;
  };
  const stateOf = async () =>
    String(
      (await t.ctx.db.execute({ sql: 'SELECT state FROM reward_claims WHERE id = ?', args: [claimId] }))
        .rows[0]!.state,
    );

  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-03-02T02:00:00Z' });
    rewards = createRewardService(t.ctx);
    const tip = await createClosedCase(t, { n: 901 });
    const claimed = await t.request('/rewards/claims', { headers: tipHeaders(tip), json: {} });
    expect(claimed.status).toBe(201);
    claimId = String(
      (await t.ctx.db.execute({ sql: 'SELECT id FROM reward_claims WHERE case_id = ?', args: [tip.caseId] }))
        .rows[0]!.id,
    );
  });
  afterAll(() => t.close());

  it('lets only a handler propose, and only of their own unit', async () => {
    const proposal = { level: 1, internalWhistleblower: false, reasons: 'Confirmed on inspection.' };
    expect((await refusal(rewards.propose(claimId, finance, proposal))).status).toBe(403);
    const otherDistrict = official('stf_cangshan', ['district_handler'], '350104');
    expect((await refusal(rewards.propose(claimId, otherDistrict, proposal))).code).toBe('not_case_unit');
    expect(await stateOf()).toBe('claimed');
    expect((await rewards.propose(claimId, handler, proposal)).state).toBe('proposed');
  });

  it('lets only the committee determine', async () => {
    expect((await refusal(rewards.determine(claimId, handler, {}))).status).toBe(403);
    expect((await refusal(rewards.determine(claimId, finance, {}))).status).toBe(403);
    expect(await stateOf()).toBe('proposed');
    expect((await rewards.determine(claimId, committeeAndFinance, {})).state).toBe('determined');
  });

  it('lets only finance approve, never the member who determined the amount', async () => {
    expect((await refusal(rewards.approve(claimId, committee))).status).toBe(403);
    const own = await refusal(rewards.approve(claimId, committeeAndFinance));
    expect([own.status, own.code]).toEqual([403, 'separation_of_duties']);
    expect(await stateOf()).toBe('determined');
    expect((await rewards.approve(claimId, finance)).state).not.toBe('determined');
  });

  it('shows claims only to the roles that see rewards', async () => {
    const intake = official('stf_intake', ['intake']);
    expect((await refusal(rewards.list(intake, {}))).status).toBe(403);
    expect((await refusal(rewards.get(claimId, intake))).status).toBe(403);
    expect((await rewards.list(finance, {})).map((claim) => claim.id)).toContain(claimId);
  });
});
