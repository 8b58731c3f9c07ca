import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('routeCases: the queue’s bulk routing, all or nothing', () => {
  let t: TestApp;
  let intake: string;
  let admin: string;

  async function newCase(description: string): Promise<string> {
    const response = await t.request('/tips', {
      json: {
        description,
        shop: { name: 'Bulk Noodles', address: 'Gulou Road 2' },
        districtCode: '350102',
        category: 'unhygienic_kitchen',
        observedAt: t.clock.now().toISOString(),
      },
    });
    const { identityCode } = (await response.json()) as { identityCode: string };
    const row = await t.ctx.db.execute({
      sql: 'SELECT id FROM cases WHERE identity_code = ?',
      args: [identityCode],
    });
    return String(row.rows[0]!.id);
  }
  const route = (token: string, json: unknown) => t.request('/case-routings', { token, json });
  const stateOf = async (caseId: string) =>
    (
      await t.ctx.db.execute({
        sql: 'SELECT state, assigned_unit, assigned_district_code FROM cases WHERE id = ?',
        args: [caseId],
      })
    ).rows[0]!;
  const auditCount = async () =>
    Number((await t.ctx.db.execute('SELECT COUNT(*) AS n FROM audit_events')).rows[0]!.n);

  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-03-10T08:00:00Z' });
    intake = await t.login('intake@demo.local');
    admin = await t.login('admin@demo.local');
  });
  afterAll(() => t.close());

  it('accepts received cases at triage, each with its own transition and audit event', async () => {
    const ids = [await newCase('Bulk one.'), await newCase('Bulk two.')];
    const response = await route(intake, { caseIds: ids, classification: 'general', reason: 'Gulou shops.' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      routed: Array<{ id: string; state: string; assignedUnit: string }>;
    };
    expect(body.routed.map((c) => [c.id, c.state, c.assignedUnit])).toEqual(
      ids.map((id) => [id, 'triaged', 'district_bureau']),
    );
    for (const id of ids) {
      const events = await t.ctx.audit.list({ subjectType: 'case', subjectId: id, limit: 10 });
      expect(events.map((event) => event.action)).toContain('case.triage.accept');
      const transitions = await t.ctx.db.execute({
        sql: "SELECT COUNT(*) AS n FROM case_transitions WHERE case_id = ? AND action = 'accept'",
        args: [id],
      });
      expect(Number(transitions.rows[0]!.n)).toBe(1);
    }
  });

  it('refuses the whole batch when one case may not be routed, naming every refused case', async () => {
    const open = await newCase('Stays received.');
    const closed = await newCase('Gets rejected.');
    await t.request(`/cases/${closed}/triage`, {
      token: intake,
      json: { decision: 'reject', reason: 'No.' },
    });
    const unknown = 'case_00000000000000000000000000';
    const before = await auditCount();
    const response = await route(admin, { caseIds: [open, closed, unknown], classification: 'complex' });
    expect(response.status).toBe(409);
    const problem = (await response.json()) as {
      code: string;
      errors: Array<{ pointer: string; detail: string }>;
      refusedCaseIds: string[];
    };
    expect(problem.code).toBe('bulk_routing_refused');
    expect(problem.refusedCaseIds).toEqual([closed, unknown]);
    expect(problem.errors.map((e) => e.pointer)).toEqual(['#/caseIds/1', '#/caseIds/2']);
    expect(problem.errors[0]!.detail).toContain('case_closed');
    expect(problem.errors[1]!.detail).toContain('case_not_found');
    // Nothing changed: the open case is still with intake, and no event was written.
    expect((await stateOf(open)).state).toBe('received');
    expect(await auditCount()).toBe(before);
  });

  it('re-routes a handler’s own cases with a reason, and refuses them without one', async () => {
    const district = await t.login('district@demo.local');
    const ids = [await newCase('Reroute one.'), await newCase('Reroute two.')];
    expect((await route(intake, { caseIds: ids, classification: 'general' })).status).toBe(200);
    const noReason = await route(district, { caseIds: ids, classification: 'complex' });
    expect(noReason.status).toBe(409);
    expect(((await noReason.json()) as { errors: Array<{ detail: string }> }).errors[0]!.detail).toContain(
      'reason_required',
    );
    const moved = await route(district, {
      caseIds: ids,
      classification: 'complex',
      reason: 'Chain of shops.',
    });
    expect(moved.status).toBe(200);
    for (const id of ids) expect((await stateOf(id)).assigned_unit).toBe('enforcement_detachment');
    // The cases left the handler's unit; naming them again is refused as not visible.
    const again = await route(district, { caseIds: ids, classification: 'general', reason: 'Back.' });
    expect(again.status).toBe(409);
  });

  it('refuses roles without case work, and a district handler on intake’s queue', async () => {
    const id = await newCase('Intake queue.');
    expect(
      (await route(await t.login('finance@demo.local'), { caseIds: [id], classification: 'general' })).status,
    ).toBe(403);
    const district = await route(await t.login('district@demo.local'), {
      caseIds: [id],
      classification: 'general',
    });
    expect(district.status).toBe(409);
    expect((await stateOf(id)).state).toBe('received');
    // Malformed: no ids, or a duplicate id, is a 400 that changes nothing.
    expect((await route(admin, { caseIds: [], classification: 'general' })).status).toBe(400);
    expect((await route(admin, { caseIds: [id, id], classification: 'general' })).status).toBe(400);
  });
});
