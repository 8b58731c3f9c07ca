import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app/create-app.js';
import { seedDemoRiskRun } from '../risk/risk-demo.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { seedDemoData } from './seed-demo-data.js';

const DAY = 86_400_000;

describe('the demo of a first `npm start`', () => {
  let t: TestApp;
  let admin: string;
  const get = async <T>(path: string, token = admin) => {
    const response = await t.request(path, { token });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    // A development start, as `npm start` does it (test apps skip the demo's history).
    t = await createTestApp({ EZHILI_ENV: 'development', PASSWORD_SCRYPT_COST: '10' });
    await seedDemoData(t.ctx, createApp);
    await seedDemoRiskRun(t.ctx);
    admin = await t.login('admin@demo.local');
  }, 60_000);
  afterAll(() => t.close());

  it('has cases in every state and outcome, received over several weeks', async () => {
    const rows = (
      await t.ctx.db.execute(
        `SELECT state, COALESCE(outcome, '') AS outcome, count(*) AS n, min(received_at) AS first
         FROM cases GROUP BY 1, 2 ORDER BY 1, 2`,
      )
    ).rows.map((row) => [row.state, row.outcome, Number(row.n)]);
    expect(rows.map(([state, outcome]) => `${state}:${outcome}`)).toEqual([
      'closed:duplicate',
      'closed:not_confirmed',
      'closed:referred',
      'closed:rejected',
      'closed:violation_confirmed',
      'investigating:',
      'received:',
      'triaged:',
    ]);
    // As README.md's "What the demo holds" says: 14 tips and one platform-submitted lead.
    const sources = await t.ctx.db.execute('SELECT source, count(*) AS n FROM cases GROUP BY 1 ORDER BY 1');
    expect(sources.rows.map((row) => [row.source, Number(row.n)])).toEqual([
      ['platform_lead', 1],
      ['tip', 14],
    ]);
    const cases = await get<{ items: Array<{ receivedAt: string }> }>('/cases?limit=100');
    const received = cases.items.map((item) => Date.parse(item.receivedAt));
    const now = t.clock.now().getTime();
    expect(Math.min(...received)).toBeLessThan(now - 5 * 7 * DAY);
    expect(Math.max(...received)).toBeGreaterThan(now - 2 * DAY);
    expect(Math.max(...received)).toBeLessThanOrEqual(now);
    const overdue = await get<{ items: unknown[] }>('/cases?overdue=true');
    expect(overdue.items.length).toBeGreaterThan(0);
  });

  it('has cases assigned to the demo handlers, open ones among them ("my cases")', async () => {
    for (const email of ['district@demo.local', 'detachment@demo.local']) {
      const mine = await get<{
        items: Array<{ state: string; assignedOfficer: { displayName: string } | null }>;
      }>('/cases?officer=me', await t.login(email));
      expect(mine.items.length, email).toBeGreaterThan(0);
      expect(
        mine.items.some((item) => item.state !== 'closed'),
        email,
      ).toBe(true);
    }
    const unassigned = await get<{ items: unknown[] }>('/cases?officer=none');
    expect(unassigned.items.length).toBeGreaterThan(0);
  });

  it('has one reward paid end to end and others at each step', async () => {
    const claims = await get<{ items: Array<{ state: string }> }>('/rewards/claims?limit=100');
    expect(claims.items.map((claim) => claim.state).sort()).toEqual([
      'claimed',
      'determined',
      'paid',
      'proposed',
    ]);
    // Paid through the file ledger: one transfer, to the payee reference only.
    const ledger = readFileSync(join(t.dataDir, 'payout-ledger.jsonl'), 'utf8').trim().split('\n');
    expect(ledger).toHaveLength(1);
    expect(JSON.parse(ledger[0]!)).toMatchObject({ amountFen: expect.any(Number), currency: 'CNY' });
  });

  it('has leads acknowledged and acted on, a take-down, relisting decided and pending, a card', async () => {
    const leads = await get<{ items: Array<{ status: string; action: { action: string } | null }> }>(
      '/platforms/plt_demo/leads?limit=100',
    );
    const statuses = leads.items.map((lead) => `${lead.status}:${lead.action?.action ?? ''}`);
    expect(statuses).toEqual(
      expect.arrayContaining(['actioned:taken_down', 'actioned:rectification_ordered']),
    );
    expect(statuses.sort()).toEqual([
      'actioned:rectification_ordered',
      'actioned:taken_down',
      'actioned:taken_down',
      'open:',
    ]);
    const relisting = await get<{ items: Array<{ status: string }> }>('/relisting-requests');
    expect(relisting.items.map((r) => r.status).sort()).toEqual(['approved', 'pending']);
    const cards = await get<{ items: Array<{ color: string }> }>('/platforms/plt_demo/cards');
    expect(cards.items.map((card) => card.color)).toEqual(['yellow']);
  });

  it('has a finished risk run with shops in every tier', async () => {
    const risks = await get<{ items: Array<{ tier: string }> }>('/risk/shops?limit=100');
    expect(new Set(risks.items.map((r) => r.tier))).toEqual(new Set(['A', 'B', 'C', 'D']));
  });

  it('lists the shops examples/platform-integration knows, and no other', async () => {
    const file = new URL('../../../../examples/platform-integration/demo-shops.json', import.meta.url);
    const example = (JSON.parse(readFileSync(file, 'utf8')) as { shops: Array<{ id: string; name: string }> })
      .shops;
    const listed = await t.ctx.db.execute(
      "SELECT platform_shop_id AS id, name FROM shops WHERE platform_id = 'plt_demo' ORDER BY platform_shop_id",
    );
    expect(listed.rows.map((row) => ({ id: row.id, name: row.name }))).toEqual(example);
    expect(example).toHaveLength(9);
  });

  it('writes its history once: a second start adds nothing', async () => {
    const count = async () => Number((await t.ctx.db.execute('SELECT count(*) AS n FROM cases')).rows[0]!.n);
    const before = await count();
    await seedDemoData(t.ctx, createApp);
    expect(await count()).toBe(before);
  });
});
