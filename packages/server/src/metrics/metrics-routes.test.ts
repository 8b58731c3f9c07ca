import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { durationCode } from './duration-code.js';

const HOUR = 60 * 60 * 1000;

describe('getMetrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-03-01T09:00:00Z' });
    const submit = async (districtCode: string) => {
      const receipt = (await (
        await t.request('/tips', {
          json: {
            description: 'Sick cook handling food without gloves. Reporter: 张三 13800138000',
            shop: { name: 'Shop', address: 'Road' },
            districtCode,
            category: 'unhygienic_kitchen',
            observedAt: t.clock.now().toISOString(),
          },
        })
      ).json()) as { identityCode: string };
      return String(
        (
          await t.ctx.db.execute({
            sql: 'SELECT id FROM cases WHERE identity_code = ?',
            args: [receipt.identityCode],
          })
        ).rows[0]!.id,
      );
    };
    // Day 1: two Gulou tips, one acknowledged after 10 h and closed after 48 h.
    const closed = await submit('350102');
    await submit('350102');
    t.clock.advance(10 * HOUR);
    await t.request(`/cases/${closed}/triage`, {
      token: await t.login('intake@demo.local'),
      json: { decision: 'accept', classification: 'general' },
    });
    const gulou = await t.login('district@demo.local');
    await t.request(`/cases/${closed}/transitions`, { token: gulou, json: { action: 'investigate' } });
    t.clock.advance(38 * HOUR);
    await t.request(`/cases/${closed}/transitions`, {
      token: await t.login('district@demo.local'),
      json: { action: 'close', outcome: 'not_confirmed', summary: 'Clean on inspection.' },
    });
    // Day 3: one Cangshan tip.
    await submit('350104');
    // Ten days later: the two open tips are past their acknowledgement deadline.
    t.clock.set('2026-03-12T09:00:00Z');
  });
  afterAll(() => t.close());

  it('counts tips per day, closure, times to acknowledgement and closure, overdue; overall and per district', async () => {
    const response = await t.request('/metrics?from=2026-03-01&to=2026-03-03', {
      token: await t.login('auditor1@demo.local'),
    });
    expect(response.status).toBe(200);
    const metrics = (await response.json()) as {
      perDay: unknown[];
      overall: Record<string, unknown>;
      districts: Array<Record<string, unknown>>;
    };
    expect(metrics.perDay).toMatchObject([
      { date: '2026-03-01', tips: 2, platformLeads: 0 },
      { date: '2026-03-02', tips: 0, platformLeads: 0 },
      { date: '2026-03-03', tips: 1, platformLeads: 0 },
    ]);
    expect(metrics.overall).toMatchObject({
      tips: 3,
      casesClosed: 1,
      closureRate: 0.333,
      ackHoursMedian: 10,
      closeHoursMedian: 48,
      overdueAcknowledgement: 2,
      openCases: 2,
    });
    expect(metrics.districts.find((d) => d.districtCode === '350102')).toMatchObject({
      tips: 2,
      casesClosed: 1,
      closureRate: 0.5,
      overdueAcknowledgement: 1,
    });
    expect(metrics.districts.find((d) => d.districtCode === '350104')).toMatchObject({
      tips: 1,
      casesClosed: 0,
    });
    // Aggregates only: nothing a tip said reaches the metrics.
    expect(JSON.stringify(metrics)).not.toMatch(/张三|13800138000|FZ-/);
  });

  it('answers since launch and for periods of years; refuses a reversed, conflicting or absurd period', async () => {
    const token = await t.login('admin@demo.local');
    const launch = (await (await t.request('/metrics?since=launch', { token })).json()) as {
      from: string;
      to: string;
      overall: { tips: number; days: number };
    };
    expect(launch.to).toBe('2026-03-12');
    expect(launch.from <= '2026-03-01').toBe(true);
    expect(launch.overall.tips).toBeGreaterThanOrEqual(3);
    const years = await t.request('/metrics?from=2023-01-01&to=2026-03-12', { token });
    expect(years.status).toBe(200);
    expect(((await years.json()) as { perMonth: unknown[] }).perMonth).toHaveLength(39);
    expect((await t.request('/metrics?from=2026-03-05&to=2026-03-01', { token })).status).toBe(400);
    expect((await t.request('/metrics?since=launch&from=2026-03-01', { token })).status).toBe(400);
    expect((await t.request('/metrics?from=1990-01-01&to=2026-03-01', { token })).status).toBe(400);
    expect((await t.request('/metrics')).status).toBe(401);
  });

  it('narrows every figure to one district', async () => {
    const token = await t.login('auditor1@demo.local');
    const metrics = (await (
      await t.request('/metrics?from=2026-03-01&to=2026-03-03&districtCode=350104', { token })
    ).json()) as { districtCode: string; overall: Record<string, unknown>; districts: unknown[] };
    expect(metrics.districtCode).toBe('350104');
    expect(metrics.overall).toMatchObject({ tips: 1, casesClosed: 0, overdueAcknowledgement: 1 });
    expect(metrics.districts).toHaveLength(1);
  });

  it('reports durations to two significant figures', () => {
    expect(durationCode(10 * HOUR) / 10).toBe(10);
    expect(durationCode(9.96 * HOUR) / 10).toBe(10);
    expect(durationCode(3 * 60 * 1000) / 10).toBe(0.1);
    expect(durationCode(2.9 * 60 * 1000) / 10).toBe(0);
    expect(durationCode(48.4 * HOUR) / 10).toBe(48);
    expect(durationCode(123 * HOUR) / 10).toBe(120);
    expect(durationCode(1250 * HOUR) / 10).toBe(1300);
    expect(durationCode(-5)).toBe(0);
  });
});
