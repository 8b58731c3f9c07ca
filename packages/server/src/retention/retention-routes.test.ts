import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { submitTriagedTip } from '../testing/triaged-tip.js';

describe('legal holds and the retention status', () => {
  let t: TestApp;
  let caseId: string;
  let admin: string;
  let auditor: string;

  beforeAll(async () => {
    t = await createTestApp();
    ({ caseId } = await submitTriagedTip(t, {
      description: 'Spoiled seafood served.',
      shop: { name: 'Harbour Grill', address: '3 Quay Rd' },
    }));
    admin = await t.login('admin@demo.local');
    auditor = await t.login('auditor1@demo.local');
  });
  afterAll(() => t.close());

  const hold = (token: string, json: unknown, release = false) =>
    t.request(`/cases/${caseId}/legal-hold${release ? '/release' : ''}`, { token, json });

  it('places a hold with a reason, shows it on the case, refuses a second one; audited', async () => {
    const placed = await hold(auditor, { reason: 'Appeal pending (reconsideration 2026-31).' });
    expect(placed.status).toBe(201);
    const body = await placed.json();
    expect(body).toMatchObject({ caseId, reason: 'Appeal pending (reconsideration 2026-31).' });
    const detail = (await (await t.request(`/cases/${caseId}`, { token: admin })).json()) as {
      legalHold: unknown;
    };
    expect(detail.legalHold).toEqual(body);
    const again = await hold(admin, { reason: 'Another' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('legal_hold_exists');
    const events = await t.ctx.audit.list({
      subjectType: 'case',
      subjectId: caseId,
      action: 'case.legal_hold_placed',
    });
    expect(events).toHaveLength(1);
  });

  it('releases it with a reason; a case without a hold answers 409', async () => {
    const released = await hold(admin, { reason: 'Appeal withdrawn.' }, true);
    expect(released.status).toBe(200);
    expect(await released.json()).toMatchObject({ caseId, reason: 'Appeal withdrawn.' });
    const detail = (await (await t.request(`/cases/${caseId}`, { token: admin })).json()) as {
      legalHold: unknown;
    };
    expect(detail.legalHold).toBeNull();
    const again = await hold(admin, { reason: 'x' }, true);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('no_legal_hold');
    expect(await t.ctx.audit.list({ subjectId: caseId, action: 'case.legal_hold_released' })).toHaveLength(1);
  });

  it('refuses other roles, a blank reason and an unknown case, changing nothing', async () => {
    expect((await hold(await t.login('district@demo.local'), { reason: 'x' })).status).toBe(403);
    expect((await hold(auditor, { reason: '   ' })).status).toBe(400);
    expect(
      (
        await t.request('/cases/case_00000000000000000000000000/legal-hold', {
          token: auditor,
          json: { reason: 'x' },
        })
      ).status,
    ).toBe(404);
    expect((await t.request(`/cases/${caseId}/legal-hold`, { json: { reason: 'x' } })).status).toBe(401);
    expect(await t.ctx.audit.list({ subjectId: caseId, action: 'case.legal_hold_placed' })).toHaveLength(1);
  });

  it('reports the periods, what is due and the holds', async () => {
    const response = await t.request('/retention', { token: auditor });
    expect(response.status).toBe(200);
    const status = (await response.json()) as {
      categories: Array<{ category: string; days: number; due: number }>;
      heldCases: number;
      lastRun: unknown;
    };
    expect(status.categories.map((c) => [c.category, c.days])).toEqual([
      ['evidence_originals', 365],
      ['messages', 365],
      ['identities', 365],
      ['evidence_copies', 1095],
      ['closed_cases', 3650],
      ['audit_events', 3650],
    ]);
    expect(status.categories.every((c) => c.due === 0)).toBe(true);
    expect(status).toMatchObject({ heldCases: 0, lastRun: null, schedule: { everyHours: 24 } });
    expect((await t.request('/retention', { token: await t.login('intake@demo.local') })).status).toBe(403);
  });
});
