import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLedger } from '../payouts/file-ledger-adapter.js';
import { readPayoutSettings } from '../payouts/payout-settings.js';
import { createStaffService } from '../staff/staff-service.js';
import { type ClosedCase, createClosedCase, tipHeaders } from '../testing/reward-test-fixtures.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('rewards: claim, proposal, determination, payout', () => {
  let t: TestApp;
  let n = 0;
  const token: Record<string, string> = {};
  const STAFF = {
    intake: 'intake@demo.local',
    gulou: 'district@demo.local',
    cangshan: 'cangshan-rewards@demo.local',
    detachment: 'detachment@demo.local',
    committee: 'committee@demo.local',
    committee2: 'committee2@demo.local',
    finance: 'finance@demo.local',
    auditor: 'auditor1@demo.local',
    admin: 'admin@demo.local',
  };

  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-03-02T02:00:00Z' }); // Monday 10:00 in Fuzhou
    const staff = createStaffService(t.ctx);
    await staff.createUser({
      email: STAFF.cangshan,
      displayName: 'Cangshan Handler',
      password: 'demo',
      roles: ['district_handler'],
      districtCode: '350104',
    });
    await staff.createUser({
      email: STAFF.committee2,
      displayName: 'Committee and Finance',
      password: 'demo',
      roles: ['reward_committee', 'finance'],
    });
    await loginAll();
  });
  afterAll(() => t.close());

  async function loginAll() {
    for (const [name, email] of Object.entries(STAFF)) token[name] = await t.login(email);
  }
  const post = (who: string, path: string, json: unknown = {}) =>
    t.request(path, { token: token[who], json });
  const get = (who: string, path: string) => t.request(path, { token: token[who] });
  const claim = (tip: ClosedCase, json: unknown = {}) =>
    t.request('/rewards/claims', { headers: tipHeaders(tip), json });
  const getTip = async (tip: ClosedCase) =>
    (await (await t.request('/tip', { headers: tipHeaders(tip) })).json()) as Record<string, unknown>;
  const claimIdOf = async (tip: ClosedCase) =>
    String(
      (await t.ctx.db.execute({ sql: 'SELECT id FROM reward_claims WHERE case_id = ?', args: [tip.caseId] }))
        .rows[0]!.id,
    );
  const closed = async (options: Partial<Parameters<typeof createClosedCase>[1]> = {}) => {
    const tip = await createClosedCase(t, { n: ++n, ...options });
    await loginAll();
    return tip;
  };
  const ledger = () => readLedger(readPayoutSettings(t.ctx.config).ledgerPath);
  const personalValues = (tip: ClosedCase) => [
    tip.person.realName,
    tip.person.residentId,
    tip.person.phone,
    tip.person.bankAccount.accountNumber,
    tip.person.bankAccount.bankName,
  ];

  it('publishes the active rule and its calendar', async () => {
    const response = await t.request('/rewards/rules');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      rules: {
        id: 'samr-2021',
        perCaseCapFen: 100_000_000,
        internalWhistleblowerMaxMultiplier: 2,
        claimWindowWorkingDays: 30,
        levels: [
          { level: 1, percentBasisPoints: 500, minimumFen: 500_000 },
          { level: 2, percentBasisPoints: 300, minimumFen: 300_000 },
          { level: 3, percentBasisPoints: 100, minimumFen: 100_000 },
        ],
      },
      calendar: { timeZone: '+08:00', workingDays: 'Mon-Fri' },
    });
  });

  it('walks a reward from claim to payment, staff seeing only code, level and amount', async () => {
    const tip = await closed({ penaltyFen: 20_000_000 });
    // Notified through getTip once the case closed.
    expect((await getTip(tip)).reward).toMatchObject({
      status: 'claimable',
      claimDeadline: '2026-04-13T15:59:59.999Z',
      actionRequired: null,
    });
    const claimed = await claim(tip);
    expect(claimed.status).toBe(201);
    expect(await claimed.json()).toMatchObject({ status: 'claimed', amountFen: null });
    const claimId = await claimIdOf(tip);

    const staffBodies: string[] = [];
    const keep = async (response: Response, status = 200) => {
      const text = await response.text();
      expect(response.status, text).toBe(status);
      staffBodies.push(text);
      return JSON.parse(text) as Record<string, unknown>;
    };
    const proposed = await keep(
      await post('gulou', `/rewards/claims/${claimId}/proposal`, {
        level: 1,
        internalWhistleblower: true,
        reasons: 'Named the shop and gave photos of the reused oil; works in the kitchen.',
      }),
    );
    expect(proposed).toMatchObject({
      state: 'proposed',
      identityCode: tip.identityCode,
      level: 1,
      basisFen: 20_000_000,
      ruleAmountFen: 1_000_000,
      amountBounds: { minFen: 500_000, maxFen: 2_000_000 },
    });
    const determined = await keep(
      await post('committee', `/rewards/claims/${claimId}/determination`, {
        amountFen: 1_500_000,
        reason: 'Insider at personal risk; raised within the internal multiplier.',
      }),
    );
    expect(determined).toMatchObject({ state: 'determined', amountFen: 1_500_000 });
    const paid = await keep(
      await post('finance', `/rewards/claims/${claimId}/payout-approval`, { note: 'batch 7' }),
    );
    expect(paid).toMatchObject({
      state: 'paid',
      payout: { state: 'paid', amountFen: 1_500_000, attempts: 1 },
    });
    await keep(await get('auditor', `/rewards/claims/${claimId}`));
    await keep(await get('committee', '/rewards/claims'));
    const paidList = await keep(await get('finance', '/rewards/claims?state=paid'));
    expect((paidList.items as Array<{ id: string }>).map((item) => item.id)).toContain(claimId);
    const claimedList = await keep(await get('finance', '/rewards/claims?state=claimed'));
    expect((claimedList.items as Array<{ id: string }>).map((item) => item.id)).not.toContain(claimId);

    expect(ledger().filter((entry) => entry.amountFen === 1_500_000)).toHaveLength(1);
    const metrics = await keep(await get('admin', '/metrics?from=2026-03-01&to=2026-03-31'));
    expect((metrics.sections as Record<string, unknown>).rewards).toMatchObject({
      eligibleTips: expect.any(Number),
      claims: expect.any(Number),
      paid: 1,
      paidFen: 1_500_000,
    });
    expect((await getTip(tip)).reward).toMatchObject({ status: 'paid', level: 1, amountFen: 1_500_000 });

    // Nothing about the reporter in any staff response, in the ledger or in the audit log.
    const audit = await t.ctx.audit.list({ subjectType: 'reward_claim', subjectId: claimId, limit: 100 });
    expect(audit.map((event) => event.action).reverse()).toEqual([
      'reward.claimed',
      'reward.proposed',
      'reward.determined',
      'identity.payout_envelope_opened',
      'reward.payout_approved',
      'identity.payout_envelope_opened',
      'payout.paid',
    ]);
    const seen = [
      ...staffBodies,
      JSON.stringify(ledger()),
      JSON.stringify(audit),
      t.logLines.join('\n'),
    ].join('\n');
    for (const value of personalValues(tip)) expect(seen).not.toContain(value);
    expect(seen).not.toMatch(/rep_[0-9a-z]{26}/);
  });

  it('has an anonymous reporter attach an account at claim time', async () => {
    const tip = await closed({ anonymous: true, penaltyFen: 0 });
    expect((await getTip(tip)).reward).toMatchObject({
      status: 'claimable',
      actionRequired: 'attach_account',
    });
    const refused = await claim(tip);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'account_required' });
    // A wrong passphrase is a login failure; nothing is linked or claimed.
    const other = await createClosedCase(t, { n: ++n, penaltyFen: 0 });
    await loginAll();
    const wrong = await claim(tip, {
      attachAccount: { phone: other.person.phone, passphrase: 'not the passphrase' },
    });
    expect(wrong.status).toBe(401);
    const attached = await claim(tip, {
      attachAccount: { phone: other.person.phone, passphrase: other.person.passphrase },
    });
    expect(attached.status).toBe(201);
    const link = await t.ctx.db.execute({
      sql: 'SELECT reporter_id FROM tips WHERE id = ?',
      args: [tip.tipId],
    });
    expect(link.rows[0]!.reporter_id).toMatch(/^rep_/);
    // The account's session now reaches the tip too.
    const bySession = await t.request('/tip', {
      token: other.reporterToken,
      headers: { 'ezhili-identity-code': tip.identityCode },
    });
    expect(bySession.status).toBe(200);
  });

  it('refuses claims on open, unconfirmed, already claimed and expired cases, writing nothing', async () => {
    const claimsBefore = async () =>
      Number((await t.ctx.db.execute('SELECT count(*) AS n FROM reward_claims')).rows[0]!.n);
    const expectRefused = async (response: Response, status: number, code: string) => {
      const before = await claimsBefore();
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ status, code });
      expect(await claimsBefore()).toBe(before);
    };
    const open = await closed({ close: false });
    expect((await getTip(open)).reward).toBeNull();
    await expectRefused(await claim(open), 409, 'case_not_closed');
    const unconfirmed = await closed({ outcome: 'not_confirmed' });
    expect((await getTip(unconfirmed)).reward).toBeNull();
    await expectRefused(await claim(unconfirmed), 422, 'not_eligible');
    const twice = await closed();
    expect((await claim(twice)).status).toBe(201);
    await expectRefused(await claim(twice, {}), 409, 'already_claimed');
    // A wrong receipt secret is the tip module's 404, as for getTip.
    await expectRefused(
      await t.request('/rewards/claims', {
        headers: { ...tipHeaders(twice), 'ezhili-receipt-secret': 'nope' },
        json: {},
      }),
      404,
      'tip_not_found',
    );

    const late = await closed();
    // Closed on Monday 2 March (Fuzhou); 30 working days end on Monday 13 April.
    t.clock.set('2026-04-13T15:59:59.000Z');
    expect((await getTip(late)).reward).toMatchObject({ status: 'claimable' });
    t.clock.set('2026-04-13T16:00:00.000Z');
    expect((await getTip(late)).reward).toMatchObject({ status: 'claim_expired', actionRequired: null });
    await expectRefused(await claim(late), 422, 'claim_window_closed');
    t.clock.set('2026-03-02T02:00:00Z');
    await loginAll();
  });

  it('checks the amount against the rule and requires a reason for another amount', async () => {
    const tip = await closed({ penaltyFen: 20_000_000 });
    await claim(tip);
    const claimId = await claimIdOf(tip);
    const bad = await post('gulou', `/rewards/claims/${claimId}/proposal`, {
      level: 7,
      internalWhistleblower: false,
      reasons: 'x',
    });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: 'unknown_level' });
    // Determining before a proposal is a state conflict.
    expect((await post('committee', `/rewards/claims/${claimId}/determination`, {})).status).toBe(409);
    const proposed = await post('gulou', `/rewards/claims/${claimId}/proposal`, {
      level: 2,
      internalWhistleblower: false,
      reasons: 'Named the shop; the inspection found the rest.',
    });
    expect(await proposed.json()).toMatchObject({
      ruleAmountFen: 600_000,
      amountBounds: { minFen: 300_000, maxFen: 600_000 },
    });
    expect(
      (
        await post('gulou', `/rewards/claims/${claimId}/proposal`, {
          level: 1,
          internalWhistleblower: false,
          reasons: 'again',
        })
      ).status,
    ).toBe(409);
    const before = (
      await t.ctx.db.execute({ sql: 'SELECT * FROM reward_claims WHERE id = ?', args: [claimId] })
    ).rows[0];
    for (const [amountFen, reason] of [
      [600_001, 'More.'],
      [299_999, 'Less.'],
    ] as const) {
      const outside = await post('committee', `/rewards/claims/${claimId}/determination`, {
        amountFen,
        reason,
      });
      expect(outside.status).toBe(422);
      expect(await outside.json()).toMatchObject({
        code: 'amount_outside_rule',
        minFen: 300_000,
        maxFen: 600_000,
      });
    }
    const unexplained = await post('committee', `/rewards/claims/${claimId}/determination`, {
      amountFen: 400_000,
    });
    expect(await unexplained.json()).toMatchObject({ status: 422, code: 'reason_required' });
    const after = (
      await t.ctx.db.execute({ sql: 'SELECT * FROM reward_claims WHERE id = ?', args: [claimId] })
    ).rows[0];
    expect(after).toEqual(before);
    // The bounds themselves are fine; the rule amount needs no reason.
    const atMin = await post('committee', `/rewards/claims/${claimId}/determination`, {
      amountFen: 300_000,
      reason: 'Shared with a second reporter.',
    });
    expect(await atMin.json()).toMatchObject({ state: 'determined', amountFen: 300_000 });
  });

  it('refuses every step to every role that may not take it (403), changing nothing', async () => {
    const tip = await closed();
    await claim(tip);
    const claimId = await claimIdOf(tip);
    const snapshot = async () => ({
      claim: (await t.ctx.db.execute({ sql: 'SELECT * FROM reward_claims WHERE id = ?', args: [claimId] }))
        .rows[0],
      payouts: (await t.ctx.db.execute({ sql: 'SELECT * FROM payouts WHERE claim_id = ?', args: [claimId] }))
        .rows,
      audit: (await t.ctx.audit.list({ limit: 1 }))[0]!.seq,
      ledger: ledger().length,
    });
    const steps: Array<{ path: string; body: unknown; allowed: string[] }> = [
      {
        path: `/rewards/claims/${claimId}/proposal`,
        body: { level: 1, internalWhistleblower: false, reasons: 'Good tip.' },
        allowed: ['gulou'],
      },
      { path: `/rewards/claims/${claimId}/determination`, body: {}, allowed: ['committee', 'committee2'] },
      { path: `/rewards/claims/${claimId}/payout-approval`, body: {}, allowed: ['finance', 'committee2'] },
    ];
    for (const step of steps) {
      const before = await snapshot();
      for (const who of Object.keys(STAFF).filter((name) => !step.allowed.includes(name))) {
        const response = await post(who, step.path, step.body);
        expect(response.status, `${who} ${step.path}`).toBe(403);
        expect(await snapshot()).toEqual(before);
      }
      // The allowed role then takes the step.
      expect((await post(step.allowed[0]!, step.path, step.body)).status).toBe(200);
    }
    expect((await get('gulou', `/rewards/claims/${claimId}`)).status).toBe(200);
    // A handler of another district sees nothing of it; intake cannot list claims at all.
    expect((await get('cangshan', `/rewards/claims/${claimId}`)).status).toBe(404);
    expect((await get('intake', '/rewards/claims')).status).toBe(403);
    const cangshanList = (await (await get('cangshan', '/rewards/claims')).json()) as { items: unknown[] };
    expect(cangshanList.items).toEqual([]);
  });

  it('keeps the committee member who set the amount from approving its payout', async () => {
    const tip = await closed();
    await claim(tip);
    const claimId = await claimIdOf(tip);
    await post('gulou', `/rewards/claims/${claimId}/proposal`, {
      level: 3,
      internalWhistleblower: false,
      reasons: 'Clues only.',
    });
    expect((await post('committee2', `/rewards/claims/${claimId}/determination`, {})).status).toBe(200);
    const refused = await post('committee2', `/rewards/claims/${claimId}/payout-approval`, {});
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'separation_of_duties' });
    expect((await post('finance', `/rewards/claims/${claimId}/payout-approval`, {})).status).toBe(200);
    const again = await post('finance', `/rewards/claims/${claimId}/payout-approval`, {});
    expect(await again.json()).toMatchObject({ status: 409, code: 'already_approved' });
  });

  it('refuses a payout to an account whose name is not the real name, and tells the reporter', async () => {
    const tip = await closed({ accountName: '别人的名字' });
    await claim(tip);
    const claimId = await claimIdOf(tip);
    await post('gulou', `/rewards/claims/${claimId}/proposal`, {
      level: 1,
      internalWhistleblower: false,
      reasons: 'Good.',
    });
    await post('committee', `/rewards/claims/${claimId}/determination`, {});
    const entries = ledger().length;
    const auditHead = (await t.ctx.audit.list({ limit: 1 }))[0]!.seq;
    const refused = await post('finance', `/rewards/claims/${claimId}/payout-approval`, {});
    expect(refused.status).toBe(422);
    const problem = await refused.text();
    expect(JSON.parse(problem)).toMatchObject({ code: 'account_name_mismatch' });
    expect(problem).not.toContain('别人的名字');
    expect(problem).not.toContain(tip.person.realName);
    expect(ledger()).toHaveLength(entries);
    expect((await t.ctx.audit.list({ limit: 1 }))[0]!.seq).toBe(auditHead);
    const row = await t.ctx.db.execute({
      sql: 'SELECT state FROM reward_claims WHERE id = ?',
      args: [claimId],
    });
    expect(row.rows[0]!.state).toBe('determined');
    expect(
      (await t.ctx.db.execute({ sql: 'SELECT * FROM payouts WHERE claim_id = ?', args: [claimId] })).rows,
    ).toEqual([]);
    expect((await getTip(tip)).reward).toMatchObject({
      status: 'determined',
      actionRequired: 'fix_account_name',
    });

    // The reporter corrects the account name; finance approves again and it is paid.
    const fixed = await t.request('/reporter/profile', {
      method: 'PATCH',
      token: tip.reporterToken,
      json: { currentPassphrase: tip.person.passphrase, bankAccount: { accountName: tip.person.realName } },
    });
    expect(fixed.status).toBe(200);
    expect(
      await (await post('finance', `/rewards/claims/${claimId}/payout-approval`, {})).json(),
    ).toMatchObject({ state: 'paid' });
  });

  it('tracks the determination deadline and lists overdue claims', async () => {
    const tip = await closed();
    await claim(tip);
    const claimId = await claimIdOf(tip);
    const view = (await (await get('committee', `/rewards/claims/${claimId}`)).json()) as Record<
      string,
      unknown
    >;
    // Claimed Monday 2 March; 30 working days end on Monday 13 April (Fuzhou).
    expect(view).toMatchObject({ determinationDueAt: '2026-04-13T15:59:59.999Z', overdue: false });
    t.clock.set('2026-04-14T00:00:00Z');
    await loginAll();
    const overdue = (await (await get('committee', '/rewards/claims?overdue=true')).json()) as {
      items: Array<Record<string, unknown>>;
    };
    expect(overdue.items.map((item) => item.id)).toContain(claimId);
    expect(overdue.items.every((item) => item.overdue === true)).toBe(true);
    const mine = (await (await get('gulou', '/rewards/claims?overdue=true&state=claimed')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(mine.items.map((item) => item.id)).toContain(claimId);
    t.clock.set('2026-03-02T02:00:00Z');
    await loginAll();
  });

  it('lets the detachment propose for its complex cases, and a reporter claim by session', async () => {
    const tip = await closed({ classification: 'complex' });
    const bySession = await t.request('/rewards/claims', {
      token: tip.reporterToken,
      headers: { 'ezhili-identity-code': tip.identityCode },
      json: {},
    });
    expect(bySession.status).toBe(201);
    const claimId = await claimIdOf(tip);
    const proposal = {
      level: 2,
      internalWhistleblower: false,
      reasons: 'Evidence of a chain-wide practice.',
    };
    expect((await post('gulou', `/rewards/claims/${claimId}/proposal`, proposal)).status).toBe(403);
    expect((await get('gulou', `/rewards/claims/${claimId}`)).status).toBe(404);
    expect((await post('detachment', `/rewards/claims/${claimId}/proposal`, proposal)).status).toBe(200);
  });
});
