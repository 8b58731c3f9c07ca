import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDigest } from '../audit/list-digest.js';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { createCaseService } from './case-service.js';

describe('listCases', () => {
  let t: TestApp;
  const intakeAndDetachment: StaffPrincipal = {
    id: 'stf_two_units',
    email: 'two@fz.gov.cn',
    displayName: 'Two units',
    roles: ['intake', 'detachment_handler'],
    districtCode: null,
    source: 'local',
  };
  let expected: string[];

  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-03-10T08:00:00Z' });
    const intake = await t.login('intake@demo.local');
    for (let i = 0; i < 7; i++) {
      const receipt = (await (
        await t.request('/tips', {
          json: {
            description: `Cockroaches in the kitchen, visit ${i}.`,
            shop: { name: `Shop ${i}`, address: 'Road' },
            districtCode: '350102',
            category: 'unhygienic_kitchen',
            observedAt: t.clock.now().toISOString(),
          },
        })
      ).json()) as { identityCode: string };
      const caseId = String(
        (
          await t.ctx.db.execute({
            sql: 'SELECT id FROM cases WHERE identity_code = ?',
            args: [receipt.identityCode],
          })
        ).rows[0]!.id,
      );
      // Alternately to the detachment, to the district bureau (not this staff member's), or left with intake.
      const decision = [
        { decision: 'accept', classification: 'complex' },
        { decision: 'accept', classification: 'general' },
        null,
      ][i % 3];
      if (decision) await t.request(`/cases/${caseId}/triage`, { token: intake, json: decision });
      t.clock.advance(60_000);
    }
    expected = (
      await t.ctx.db.execute(
        "SELECT id FROM cases WHERE assigned_unit IN ('intake', 'enforcement_detachment') ORDER BY id DESC",
      )
    ).rows.map((row) => String(row.id));
  });
  afterAll(() => t.close());

  it('merges the queues of every unit a staff member works in, newest first, page by page', async () => {
    const cases = createCaseService(t.ctx);
    expect(expected.length).toBe(5);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await cases.listCases(intakeAndDetachment, { limit: 2, ...(cursor && { cursor }) });
      seen.push(...result.items.map((item) => item.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(expected);
    const overdue = await cases.listCases(intakeAndDetachment, { overdue: true, state: 'closed' });
    expect(overdue.items).toEqual([]);
  });

  it('leaves a small audit trace: what was asked, how many, a digest of the ids', async () => {
    const token = await t.login('admin@demo.local');
    const page = (await (
      await t.request('/cases?limit=3&state=received&districtCode=350102', { token })
    ).json()) as {
      items: Array<{ id: string }>;
    };
    const [event] = await t.ctx.audit.list({ action: 'case.list', limit: 1 });
    expect(event!.details).toEqual({
      filter: { state: 'received', districtCode: '350102', limit: 3 },
      count: page.items.length,
      idsDigest: listDigest(page.items.map((item) => item.id)),
    });
    expect(JSON.stringify(event)).not.toContain(page.items[0]!.id);
  });
});
