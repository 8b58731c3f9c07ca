import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffService } from '../staff/staff-service.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const DAY = 24 * 60 * 60 * 1000;

const tip = (overrides: Record<string, unknown> = {}) => ({
  description: 'Expired milk used in tea drinks.',
  shop: { name: 'Bubble Tea Corner', address: '3 Dongjie St' },
  districtCode: '350102',
  category: 'expired_or_spoiled_ingredients',
  observedAt: '2026-01-04T12:00:00Z',
  ...overrides,
});

describe('cases: triage, routing, state machine, units', () => {
  let t: TestApp;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-01-05T08:00:00Z' });
    await createStaffService(t.ctx).createUser({
      email: 'cangshan@demo.local',
      displayName: 'Cangshan Handler',
      password: 'demo',
      roles: ['district_handler'],
      districtCode: '350104',
    });
    await loginAll();
  });
  afterAll(() => t.close());

  // Staff tokens live 15 minutes; after moving the clock by days everyone logs in again.
  async function loginAll() {
    for (const [name, email] of Object.entries({
      intake: 'intake@demo.local',
      gulou: 'district@demo.local',
      cangshan: 'cangshan@demo.local',
      detachment: 'detachment@demo.local',
      admin: 'admin@demo.local',
      auditor: 'auditor1@demo.local',
      committee: 'committee@demo.local',
    })) {
      token[name] = await t.login(email);
    }
  }
  const advance = async (ms: number) => {
    t.clock.advance(ms);
    await loginAll();
  };

  const submit = async (overrides: Record<string, unknown> = {}) => {
    const response = await t.request('/tips', { json: tip(overrides) });
    expect(response.status).toBe(201);
    const receipt = (await response.json()) as { identityCode: string; receiptSecret: string };
    const row = (
      await t.ctx.db.execute({
        sql: 'SELECT id FROM cases WHERE identity_code = ?',
        args: [receipt.identityCode],
      })
    ).rows[0]!;
    return { ...receipt, caseId: String(row.id) };
  };
  const get = (who: string, path: string) => t.request(path, { token: token[who] });
  const post = (who: string, path: string, json: unknown) => t.request(path, { token: token[who], json });
  const caseRow = async (id: string) =>
    (await t.ctx.db.execute({ sql: 'SELECT * FROM cases WHERE id = ?', args: [id] })).rows[0]!;

  it('walks a general case from intake to the district bureau to closure, recording every step', async () => {
    const { caseId, identityCode } = await submit();
    const queue = (await (await get('intake', '/cases')).json()) as { items: Array<{ id: string }> };
    expect(queue.items.map((item) => item.id)).toContain(caseId);
    // Not yet routed: the district bureau does not see it.
    expect((await get('gulou', `/cases/${caseId}`)).status).toBe(404);

    await advance(2 * DAY);
    const triaged = await post('intake', `/cases/${caseId}/triage`, {
      decision: 'accept',
      classification: 'general',
    });
    expect(triaged.status).toBe(200);
    expect(await triaged.json()).toMatchObject({
      state: 'triaged',
      assignedUnit: 'district_bureau',
      assignedDistrictCode: '350102',
      deadlines: { acknowledgedAt: '2026-01-07T08:00:00.000Z', feedbackBy: '2026-04-07T08:00:00.000Z' },
    });
    // Routed away from intake.
    expect((await get('intake', `/cases/${caseId}`)).status).toBe(404);
    expect((await get('cangshan', `/cases/${caseId}`)).status).toBe(404);
    expect((await get('detachment', `/cases/${caseId}`)).status).toBe(404);

    expect((await post('gulou', `/cases/${caseId}/transitions`, { action: 'investigate' })).status).toBe(200);
    const note = await post('gulou', `/cases/${caseId}/notes`, {
      body: 'Inspector visit booked for Friday.',
    });
    expect(note.status).toBe(201);
    const closed = await post('gulou', `/cases/${caseId}/transitions`, {
      action: 'close',
      outcome: 'violation_confirmed',
      penaltyFen: 5_000_000,
      summary: 'Expired milk found; fined 50,000 yuan.',
    });
    expect(closed.status).toBe(200);
    const detail = (await closed.json()) as Record<string, unknown> & {
      transitions: Array<Record<string, unknown>>;
    };
    expect(detail).toMatchObject({ state: 'closed', outcome: 'violation_confirmed', penaltyFen: 5_000_000 });
    expect(detail.transitions.map((step) => [step.action, step.fromState, step.toState])).toEqual([
      ['received', null, 'received'],
      ['accept', 'received', 'triaged'],
      ['investigate', 'triaged', 'investigating'],
      ['close', 'investigating', 'closed'],
    ]);
    expect(detail.identityCode).toBe(identityCode);

    const audit = await t.ctx.audit.list({ subjectType: 'case', subjectId: caseId });
    expect(audit.map((event) => event.action).reverse()).toEqual([
      'tip.submitted',
      'case.triage.accept',
      'case.investigate',
      'case.note_added',
      'case.close',
    ]);
  });

  it('never shows internal notes to the reporter', async () => {
    const { caseId, identityCode, receiptSecret } = await submit();
    await post('intake', `/cases/${caseId}/triage`, { decision: 'accept', classification: 'general' });
    await post('gulou', `/cases/${caseId}/notes`, { body: 'INTERNAL-ONLY suspect the owner’s cousin' });
    await post('gulou', `/cases/${caseId}/messages`, { body: 'Thank you, we are looking into it.' });
    const view = await t.request('/tip', {
      headers: { 'ezhili-identity-code': identityCode, 'ezhili-receipt-secret': receiptSecret },
    });
    const text = await view.text();
    expect(view.status).toBe(200);
    expect(text).not.toContain('INTERNAL-ONLY');
    expect(JSON.parse(text).messages).toMatchObject([
      { from: 'handler', body: 'Thank you, we are looking into it.' },
    ]);
  });

  it('routes complex cases to the detachment and records re-routing', async () => {
    const { caseId } = await submit();
    await post('intake', `/cases/${caseId}/triage`, { decision: 'accept', classification: 'complex' });
    expect((await get('gulou', `/cases/${caseId}`)).status).toBe(404);
    expect((await get('detachment', `/cases/${caseId}`)).status).toBe(200);
    const rerouted = await post('detachment', `/cases/${caseId}/transitions`, {
      action: 'reroute',
      classification: 'general',
      districtCode: '350104',
      reason: 'Shop actually sits in Cangshan; a routine matter.',
    });
    expect(rerouted.status).toBe(200);
    expect(await rerouted.json()).toMatchObject({
      assignedUnit: 'district_bureau',
      assignedDistrictCode: '350104',
    });
    expect((await get('detachment', `/cases/${caseId}`)).status).toBe(404);
    const detail = (await (await get('cangshan', `/cases/${caseId}`)).json()) as {
      transitions: Array<{ action: string; details: Record<string, unknown> }>;
    };
    expect(detail.transitions.at(-1)).toMatchObject({
      action: 'reroute',
      details: { from: { assignedUnit: 'enforcement_detachment' }, to: { assignedDistrictCode: '350104' } },
    });
  });

  it('keeps a handler out of another unit’s case: 404, nothing written', async () => {
    const { caseId } = await submit();
    await post('intake', `/cases/${caseId}/triage`, { decision: 'accept', classification: 'general' });
    const before = await caseRow(caseId);
    const auditBefore = (await t.ctx.audit.list({ limit: 1 }))[0]!.seq;
    for (const [path, body] of [
      [`/cases/${caseId}/transitions`, { action: 'investigate' }],
      [`/cases/${caseId}/notes`, { body: 'sneaky' }],
      [`/cases/${caseId}/messages`, { body: 'sneaky' }],
    ] as const) {
      const response = await post('cangshan', path, body);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'case_not_found' });
    }
    expect((await post('detachment', `/cases/${caseId}/transitions`, { action: 'investigate' })).status).toBe(
      404,
    );
    expect(await caseRow(caseId)).toEqual(before);
    expect((await t.ctx.audit.list({ limit: 1 }))[0]!.seq).toBe(auditBefore);
    // Roles without case access are refused outright.
    expect((await get('committee', '/cases')).status).toBe(403);
    expect((await post('auditor', `/cases/${caseId}/transitions`, { action: 'investigate' })).status).toBe(
      403,
    );
    // Auditors and admins read everything.
    expect((await get('auditor', `/cases/${caseId}`)).status).toBe(200);
    expect((await get('admin', `/cases/${caseId}`)).status).toBe(200);
  });

  it('refuses impossible transitions and incomplete decisions with 409/422, writing nothing', async () => {
    const { caseId } = await submit();
    expect(
      await (await post('intake', `/cases/${caseId}/triage`, { decision: 'accept' })).json(),
    ).toMatchObject({
      status: 422,
      code: 'classification_required',
    });
    expect((await post('intake', `/cases/${caseId}/triage`, { decision: 'reject' })).status).toBe(422);
    await post('intake', `/cases/${caseId}/triage`, { decision: 'accept', classification: 'general' });
    const again = await post('admin', `/cases/${caseId}/triage`, { decision: 'reject', reason: 'x' });
    expect(again.status).toBe(409);
    const early = await post('gulou', `/cases/${caseId}/transitions`, {
      action: 'close',
      outcome: 'not_confirmed',
      summary: 'nothing found',
    });
    expect(early.status).toBe(409);
    await post('gulou', `/cases/${caseId}/transitions`, { action: 'investigate' });
    const noPenalty = await post('gulou', `/cases/${caseId}/transitions`, {
      action: 'close',
      outcome: 'violation_confirmed',
      summary: 'found',
    });
    expect(await noPenalty.json()).toMatchObject({ status: 422, code: 'penaltyFen_required' });
    expect((await caseRow(caseId)).state).toBe('investigating');
  });

  it('rejects with a reason and merges duplicates at triage', async () => {
    const original = await submit();
    const duplicate = await submit();
    const rejected = await submit();
    const merge = await post('intake', `/cases/${duplicate.caseId}/triage`, {
      decision: 'merge',
      duplicateOfCaseId: original.caseId,
    });
    expect(await merge.json()).toMatchObject({
      state: 'closed',
      outcome: 'duplicate',
      mergedIntoCaseId: original.caseId,
    });
    const reject = await post('intake', `/cases/${rejected.caseId}/triage`, {
      decision: 'reject',
      reason: 'Out of scope: not a food business.',
    });
    expect(await reject.json()).toMatchObject({ state: 'closed', outcome: 'rejected' });
    const unknown = await post('intake', `/cases/${original.caseId}/triage`, {
      decision: 'merge',
      duplicateOfCaseId: 'case_00000000000000000000000000',
    });
    expect(unknown.status).toBe(422);
  });

  it('lists overdue cases once the acknowledgement deadline passes', async () => {
    const { caseId } = await submit();
    const overdue = async () =>
      (
        (await (await get('admin', '/cases?overdue=true&limit=500')).json()) as {
          items: Array<{ id: string }>;
        }
      ).items.map((item) => item.id);
    expect(await overdue()).not.toContain(caseId);
    await advance(8 * DAY);
    expect(await overdue()).toContain(caseId);
    const listed = (await (await get('admin', '/cases?overdue=true&limit=500')).json()) as {
      items: Array<{ id: string; deadlines: { overdue: string[] } }>;
    };
    expect(listed.items.find((item) => item.id === caseId)?.deadlines.overdue).toEqual(['acknowledgement']);
    await post('intake', `/cases/${caseId}/triage`, { decision: 'accept', classification: 'general' });
    expect(await overdue()).not.toContain(caseId);
  });

  it('pages through the list with a cursor', async () => {
    const first = (await (await get('admin', '/cases?limit=2')).json()) as {
      items: Array<{ id: string }>;
      nextCursor: string;
    };
    expect(first.items).toHaveLength(2);
    const second = (await (await get('admin', `/cases?limit=2&cursor=${first.nextCursor}`)).json()) as {
      items: Array<{ id: string }>;
    };
    // Newest first: the next page starts after the last case of the first one.
    expect(second.items[0]!.id < first.items[1]!.id).toBe(true);
  });
});
