import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { DEFAULT_RISK_MODEL } from './default-risk-model.js';

/**
 * The risk index points officials at shops: a run makes inspection tasks for each shop's
 * district bureau, and a run's leads to platforms are priority checks, never findings.
 */
describe('inspection tasks and priority-check leads from a risk run', () => {
  let t: TestApp;
  let admin: string;
  let gulou: string;
  let detachment: string;
  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-06-01T08:00:00Z' });
    admin = await t.login('admin@demo.local');
    gulou = await t.login('district@demo.local');
    detachment = await t.login('detachment@demo.local');
    // Every demo shop from tier B up is on the lists.
    const model = await t.request('/risk/model', {
      method: 'PUT',
      token: admin,
      json: { ...DEFAULT_RISK_MODEL, name: 'Tasks test', leadTier: 'B', tiers: { B: 1, C: 50, D: 75 } },
    });
    expect(model.status).toBe(201);
  });
  afterAll(() => t.close());

  it('makes a prioritised, explained list per district bureau, scoped like cases', async () => {
    const response = await t.request('/risk/runs', {
      token: detachment,
      json: { asOf: '2026-06-01', createTasks: true, createLeads: true },
    });
    expect(response.status).toBe(201);
    const run = (await response.json()) as {
      id: string;
      tasks: { created: number; byUnit: Record<string, number> };
    };
    expect(run.tasks.created).toBeGreaterThanOrEqual(4);
    const gulouCount = run.tasks.byUnit['350102']!;
    expect(gulouCount).toBeGreaterThanOrEqual(2);
    expect(Object.values(run.tasks.byUnit).reduce((a, b) => a + b, 0)).toBe(run.tasks.created);

    const mine = (await (await t.request('/inspection-tasks?status=open', { token: gulou })).json()) as {
      items: Array<{
        id: string;
        districtCode: string;
        priority: number;
        score: number;
        basis: string;
        explanation: Array<{ indicator: string }>;
      }>;
    };
    expect(mine.items.map((task) => task.districtCode)).toEqual(Array(gulouCount).fill('350102'));
    expect(mine.items.map((task) => task.priority)).toEqual(
      Array.from({ length: gulouCount }, (_, i) => i + 1),
    );
    expect(mine.items[0]!.score).toBeGreaterThanOrEqual(mine.items[1]!.score);
    expect(mine.items[0]!.basis).toBe('risk_score');
    expect(mine.items[0]!.explanation.length).toBeGreaterThan(0);

    const all = (await (await t.request('/inspection-tasks?limit=100', { token: admin })).json()) as {
      items: Array<{ id: string; districtCode: string | null }>;
    };
    const elsewhere = all.items.find((task) => task.districtCode !== '350102')!;
    // Another bureau's task is a 404, exactly like a missing one; intake has no tasks at all.
    expect((await t.request(`/inspection-tasks/${elsewhere.id}`, { token: gulou })).status).toBe(404);
    expect((await t.request(`/inspection-tasks/${elsewhere.id}`, { token: admin })).status).toBe(200);
    expect((await t.request('/inspection-tasks', { token: await t.login('intake@demo.local') })).status).toBe(
      403,
    );
    expect((await t.request('/inspection-tasks')).status).toBe(401);

    // A second run makes no second open task for the same shops.
    const again = (await (
      await t.request('/risk/runs', { token: admin, json: { asOf: '2026-06-01', createTasks: true } })
    ).json()) as { tasks: { created: number; skippedOpenTask: number } };
    expect(again.tasks.created).toBe(0);
    expect(again.tasks.skippedOpenTask).toBe(run.tasks.created);

    // Completing records the outcome and the inspection itself; twice is a conflict.
    const task = mine.items[0]!;
    const done = await t.request(`/inspection-tasks/${task.id}/completion`, {
      token: gulou,
      json: {
        outcome: 'violation_found',
        inspectedOn: '2026-06-01',
        critical: 1,
        note: 'Cold chain broken.',
      },
    });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({
      status: 'completed',
      outcome: 'violation_found',
      completion: { critical: 1, serious: 0, inspectionRecorded: true },
    });
    const recorded = await t.ctx.db.execute({
      sql: "SELECT critical, result FROM inspections WHERE source = 'inspection-task' AND record_key = ?",
      args: [task.id],
    });
    expect(recorded.rows[0]).toMatchObject({ critical: 1, result: 'fail' });
    const twice = await t.request(`/inspection-tasks/${task.id}/completion`, {
      token: gulou,
      json: { outcome: 'no_violation' },
    });
    expect(twice.status).toBe(409);
    expect(
      (
        await t.request(`/inspection-tasks/${elsewhere.id}/completion`, {
          token: gulou,
          json: { outcome: 'no_violation' },
        })
      ).status,
    ).toBe(404);
  });

  it('sends risk leads as priority checks asking for a review, never a take-down', async () => {
    const leads = await t.ctx.db.execute("SELECT id, basis, summary FROM leads WHERE source = 'risk'");
    expect(leads.rows.length).toBeGreaterThan(0);
    for (const lead of leads.rows) {
      expect(lead.basis).toBe('priority_check');
      expect(String(lead.summary)).toContain('not a confirmed violation');
    }
    const platform = await t.ctx.db.execute('SELECT platform_id FROM leads LIMIT 1');
    const { createLeadService } = await import('../leads/lead-service.js');
    const lead = await createLeadService(t.ctx).getLead(
      String(platform.rows[0]!.platform_id),
      String(leads.rows[0]!.id),
    );
    expect(lead).toMatchObject({ basis: 'priority_check', requestedAction: 'review', source: 'risk' });
  });
});
