import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActiveStaff } from '../auth/staff-tokens.js';
import { createStaffService } from '../staff/staff-service.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { submitTriagedTip } from '../testing/triaged-tip.js';
import { createCaseService } from './case-service.js';

interface Officer {
  id: string;
  displayName: string;
}
interface CaseView {
  id: string;
  state: string;
  assignedUnit: string;
  assignedOfficer: Officer | null;
  updatedAt: string;
  transitions: Array<{ action: string; details: Record<string, unknown> }>;
}

describe('case officers: assignment within the unit', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  const login = async (email: string) => (tokens[email] ??= await t.login(email));

  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-01-05T08:00:00Z' });
    const staff = createStaffService(t.ctx);
    const extra = [
      {
        email: 'lin@demo.local',
        displayName: 'Inspector Lin',
        roles: ['district_handler'],
        districtCode: '350102',
      },
      {
        email: 'cangshan@demo.local',
        displayName: 'Cangshan Handler',
        roles: ['district_handler'],
        districtCode: '350104',
      },
      {
        email: 'gone@demo.local',
        displayName: 'Left the bureau',
        roles: ['district_handler'],
        districtCode: '350102',
      },
    ] as const;
    for (const user of extra) await staff.createUser({ ...user, roles: [...user.roles], password: 'demo' });
    await staff.setDisabled('gone@demo.local', true);
    for (const email of [
      'district@demo.local',
      'lin@demo.local',
      'cangshan@demo.local',
      'gone@demo.local',
      'detachment@demo.local',
      'finance@demo.local',
      'intake@demo.local',
    ]) {
      const row = (
        await t.ctx.db.execute({ sql: 'SELECT id FROM staff_users WHERE email = ?', args: [email] })
      ).rows[0]!;
      ids[email] = String(row.id);
    }
  });
  afterAll(() => t.close());

  const assign = async (email: string, caseId: string, body: Record<string, unknown>) =>
    t.request(`/cases/${caseId}/officer`, { token: await login(email), json: body });

  it('assigns a colleague of the unit, shows the officer, records it on the timeline and in the audit log', async () => {
    const { caseId } = await submitTriagedTip(t, {
      description: 'Rats in the storeroom.',
      shop: { name: 'Rice House', address: '1 Road' },
    });
    const response = await assign('district@demo.local', caseId, {
      officerId: ids['lin@demo.local'],
      reason: 'Lin inspected this shop last year.',
    });
    expect(response.status).toBe(200);
    const view = (await response.json()) as CaseView;
    expect(view.assignedOfficer).toEqual({ id: ids['lin@demo.local'], displayName: 'Inspector Lin' });
    expect(view.transitions.at(-1)).toMatchObject({
      action: 'assign_officer',
      details: { officerId: ids['lin@demo.local'], previousOfficerId: null },
    });
    const read = (await (
      await t.request(`/cases/${caseId}`, { token: await login('lin@demo.local') })
    ).json()) as CaseView;
    expect(read.assignedOfficer?.displayName).toBe('Inspector Lin');
    const [event] = await t.ctx.audit.list({ action: 'case.assign_officer', subjectId: caseId });
    expect(event).toMatchObject({
      actor: { type: 'staff', id: ids['district@demo.local'] },
      subject: { type: 'case', id: caseId },
      details: { officerId: ids['lin@demo.local'], previousOfficerId: null },
    });
    // Officer ids only: nothing of the tip or the free-text reason.
    expect(JSON.stringify(event)).not.toMatch(/Rats|Rice House|inspected/);
  });

  it('re-assigns (audited with the previous officer) and clears the assignment', async () => {
    const { caseId } = await submitTriagedTip(t, {
      description: 'Expired sauce.',
      shop: { name: 'Sauce Shop', address: '2 Road' },
    });
    expect((await assign('lin@demo.local', caseId, { officerId: ids['lin@demo.local'] })).status).toBe(200);
    const again = await assign('district@demo.local', caseId, { officerId: ids['district@demo.local'] });
    expect(again.status).toBe(200);
    expect(((await again.json()) as CaseView).assignedOfficer?.id).toBe(ids['district@demo.local']);
    const cleared = await assign('district@demo.local', caseId, { officerId: null });
    expect(((await cleared.json()) as CaseView).assignedOfficer).toBeNull();
    const events = await t.ctx.audit.list({ action: 'case.assign_officer', subjectId: caseId });
    expect(events.map((event) => event.details)).toEqual([
      { officerId: null, previousOfficerId: ids['district@demo.local'] },
      { officerId: ids['district@demo.local'], previousOfficerId: ids['lin@demo.local'] },
      { officerId: ids['lin@demo.local'], previousOfficerId: null },
    ]);
    const unchanged = await assign('district@demo.local', caseId, { officerId: null });
    expect(unchanged.status).toBe(409);
    expect(await unchanged.json()).toMatchObject({ code: 'officer_unchanged' });
  });

  it('refuses an officer outside the unit or without its handling role, and changes nothing', async () => {
    const { caseId } = await submitTriagedTip(t, {
      description: 'Dirty chopping boards.',
      shop: { name: 'Board Shop', address: '3 Road' },
    });
    await assign('district@demo.local', caseId, { officerId: ids['lin@demo.local'] });
    const cases = createCaseService(t.ctx);
    const gulou = (await loadActiveStaff(t.ctx.db, ids['district@demo.local']!))!;
    const before = await cases.getCase(gulou, caseId);
    const auditBefore = (await t.ctx.audit.list({ subjectId: caseId, limit: 500 })).length;
    t.clock.advance(60_000);
    const refusals: Array<[string, string]> = [
      [ids['cangshan@demo.local']!, 'officer_not_in_unit'],
      [ids['finance@demo.local']!, 'officer_not_in_unit'],
      [ids['intake@demo.local']!, 'officer_not_in_unit'],
      [ids['detachment@demo.local']!, 'officer_not_in_unit'],
      [ids['gone@demo.local']!, 'unknown_officer'],
      ['stf_00000000000000000000000000', 'unknown_officer'],
    ];
    for (const [officerId, code] of refusals) {
      const error = await cases.assignCaseOfficer(gulou, caseId, { officerId }).then(
        () => undefined,
        (e: unknown) => e as { status: number; code: string; errors?: unknown[] },
      );
      expect(error, officerId).toMatchObject({ status: 422, code });
      const response = await assign('district@demo.local', caseId, { officerId });
      expect(response.status).toBe(422);
      const problem = (await response.json()) as {
        code: string;
        detail: string;
        errors: Array<{ pointer: string }>;
      };
      expect(problem.code).toBe(code);
      expect(problem.errors[0]!.pointer).toBe('#/officerId');
    }
    expect((await assign('district@demo.local', caseId, { officerId: 'not-an-id' })).status).toBe(400);
    const after = await cases.getCase(gulou, caseId);
    expect(after.assignedOfficer).toEqual(before.assignedOfficer);
    expect(after.updatedAt).toBe(before.updatedAt);
    expect(after.transitions).toEqual(before.transitions);
    // The only new audit event is the read just above.
    const auditAfter = await t.ctx.audit.list({ subjectId: caseId, limit: 500 });
    expect(auditAfter.length - auditBefore).toBe(1);
    expect(auditAfter[0]!.action).toBe('case.read');
    expect(auditAfter.filter((event) => event.action === 'case.assign_officer')).toHaveLength(1);
  });

  it('lets only those who may act on the case assign it', async () => {
    const { caseId } = await submitTriagedTip(t, {
      description: 'Flies on the buns.',
      shop: { name: 'Bun Shop', address: '4 Road' },
    });
    const officerId = ids['lin@demo.local'];
    expect((await assign('cangshan@demo.local', caseId, { officerId })).status).toBe(404);
    expect((await assign('detachment@demo.local', caseId, { officerId })).status).toBe(404);
    expect((await assign('auditor1@demo.local', caseId, { officerId })).status).toBe(403);
    expect((await assign('finance@demo.local', caseId, { officerId })).status).toBe(403);
    expect((await assign('admin@demo.local', caseId, { officerId })).status).toBe(200);
  });

  it('clears the officer when the case is routed to another unit, where that unit assigns its own', async () => {
    const { caseId } = await submitTriagedTip(t, {
      description: 'Illegal colouring in the noodles.',
      shop: { name: 'Colour Noodles', address: '5 Road' },
    });
    await assign('district@demo.local', caseId, { officerId: ids['lin@demo.local'] });
    const rerouted = await t.request(`/cases/${caseId}/transitions`, {
      token: await login('district@demo.local'),
      json: { action: 'reroute', classification: 'complex', reason: 'Needs laboratory tests.' },
    });
    expect(rerouted.status).toBe(200);
    const view = (await rerouted.json()) as CaseView;
    expect(view.assignedUnit).toBe('enforcement_detachment');
    expect(view.assignedOfficer).toBeNull();
    expect(view.transitions.at(-1)).toMatchObject({
      action: 'reroute',
      details: { previousOfficerId: ids['lin@demo.local'] },
    });
    expect((await assign('detachment@demo.local', caseId, { officerId: ids['lin@demo.local'] })).status).toBe(
      422,
    );
    const taken = await assign('detachment@demo.local', caseId, { officerId: ids['detachment@demo.local'] });
    expect(((await taken.json()) as CaseView).assignedOfficer?.displayName).toBe(
      'City Enforcement Detachment',
    );
  });

  it('clears intake’s officer when triage routes the case to a unit', async () => {
    const response = await t.request('/tips', {
      json: {
        description: 'Raw chicken on the counter.',
        shop: { name: 'Chicken Shop', address: '7 Road' },
        districtCode: '350102',
        category: 'unhygienic_kitchen',
        observedAt: t.clock.now().toISOString(),
      },
    });
    const { identityCode } = (await response.json()) as { identityCode: string };
    const caseId = String(
      (await t.ctx.db.execute({ sql: 'SELECT id FROM cases WHERE identity_code = ?', args: [identityCode] }))
        .rows[0]!.id,
    );
    const taken = await assign('intake@demo.local', caseId, { officerId: ids['intake@demo.local'] });
    expect(((await taken.json()) as CaseView).assignedOfficer?.id).toBe(ids['intake@demo.local']);
    expect((await assign('intake@demo.local', caseId, { officerId: ids['lin@demo.local'] })).status).toBe(
      422,
    );
    const triaged = await t.request(`/cases/${caseId}/triage`, {
      token: await login('intake@demo.local'),
      json: { decision: 'accept', classification: 'general' },
    });
    const view = (await triaged.json()) as CaseView;
    expect(view.assignedUnit).toBe('district_bureau');
    expect(view.assignedOfficer).toBeNull();
  });

  it('keeps the officer of a closed case', async () => {
    const { caseId, handler } = await submitTriagedTip(t, {
      description: 'No licence on the wall.',
      shop: { name: 'Licence Shop', address: '6 Road' },
    });
    await assign('district@demo.local', caseId, { officerId: ids['district@demo.local'] });
    await t.request(`/cases/${caseId}/transitions`, { token: handler, json: { action: 'investigate' } });
    await t.request(`/cases/${caseId}/transitions`, {
      token: handler,
      json: { action: 'close', outcome: 'not_confirmed', summary: 'Licence found.' },
    });
    const response = await assign('district@demo.local', caseId, { officerId: ids['lin@demo.local'] });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'case_closed' });
  });

  it('lists my cases, an officer’s cases and the unassigned ones', async () => {
    const list = async (email: string, query: string) =>
      (
        (await (await t.request(`/cases?${query}`, { token: await login(email) })).json()) as {
          items: CaseView[];
        }
      ).items;
    const mine = await list('lin@demo.local', 'officer=me');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((item) => item.assignedOfficer?.id === ids['lin@demo.local'])).toBe(true);
    const [listed] = await t.ctx.audit.list({ action: 'case.list', limit: 1 });
    expect(listed?.details).toMatchObject({ filter: { officer: 'me' } });
    expect(await list('district@demo.local', `officer=${ids['lin@demo.local']}`)).toEqual(mine);
    const open = await list('lin@demo.local', 'officer=me&state=triaged');
    expect(open.every((item) => item.state === 'triaged')).toBe(true);
    const none = await list('district@demo.local', 'officer=none');
    expect(none.length).toBeGreaterThan(0);
    expect(none.every((item) => item.assignedOfficer === null)).toBe(true);
    // Another district's handler does not see Gulou's cases, whoever they are assigned to.
    expect(await list('cangshan@demo.local', `officer=${ids['lin@demo.local']}`)).toEqual([]);
  });

  it('lists the officers of the caller’s units (every unit for admin), without emails', async () => {
    const officers = async (email: string) =>
      (
        (await (await t.request('/officers', { token: await login(email) })).json()) as {
          items: Array<Officer & { unit: string; districtCode: string | null }>;
        }
      ).items;
    const gulou = await officers('district@demo.local');
    expect(gulou.map((o) => o.displayName)).toEqual(['Gulou District Handler', 'Inspector Lin']);
    expect(gulou.every((o) => o.unit === 'district_bureau' && o.districtCode === '350102')).toBe(true);
    expect(JSON.stringify(gulou)).not.toContain('@');
    const all = await officers('admin@demo.local');
    expect(new Set(all.map((o) => o.unit))).toEqual(
      new Set(['intake', 'district_bureau', 'enforcement_detachment']),
    );
    expect(all.some((o) => o.displayName === 'Left the bureau')).toBe(false);
    expect(all.find((o) => o.displayName === 'Cangshan Handler')?.districtCode).toBe('350104');
    expect((await t.request('/officers', { token: await login('finance@demo.local') })).status).toBe(403);
  });
});
