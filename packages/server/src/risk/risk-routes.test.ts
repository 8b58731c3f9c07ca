import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestShopListings } from '../shops/shop-listings.js';
import { registerTestPlatform, type TestPlatform } from '../testing/platform-test-kit.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { getRiskModel } from './risk-model.js';
import { featureSql, inspectionBaseSql } from './risk-sql.js';

describe('the risk index over HTTP', () => {
  let t: TestApp;
  let admin: string;
  let intake: string;
  let district: string;
  let detachment: string;
  let platform: TestPlatform;
  const shopIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-06-01T08:00:00Z' });
    [admin, intake, district, detachment] = (await Promise.all(
      ['admin', 'intake', 'district', 'detachment'].map((who) => t.login(`${who}@demo.local`)),
    )) as [string, string, string, string];
    platform = await registerTestPlatform(t, admin, { name: 'Risk Test Delivery' });
    const shops = [
      {
        platformShopId: 'r-risky',
        name: 'Risky Kitchen',
        districtCode: '350102',
        licenceNumber: 'LIC-RISKY',
      },
      {
        platformShopId: 'r-clean',
        name: 'Clean Kitchen',
        districtCode: '350102',
        licenceNumber: 'LIC-CLEAN',
      },
      {
        platformShopId: 'r-other',
        name: 'Other District Kitchen',
        districtCode: '350103',
        licenceNumber: 'LIC-OTHER',
      },
    ];
    const fed = await platform.call('POST', `/platforms/${platform.id}/shop-feed`, { shops });
    expect(fed.status).toBe(200);
    const rows = await t.ctx.db.execute({
      sql: 'SELECT id, platform_shop_id FROM shops WHERE platform_id = ?',
      args: [platform.id],
    });
    for (const row of rows.rows) shopIds[String(row.platform_shop_id)] = String(row.id);
  });
  afterAll(() => t.close());

  const importCsv = (csv: string, token = intake, query = '') =>
    t.request(`/risk/inspection-imports${query}`, {
      method: 'POST',
      token,
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });

  const csv = [
    'date,licenceNumber,critical,serious,minor,result',
    '2026-01-10,LIC-RISKY,3,2,1,fail',
    '2026-03-02,LIC-RISKY,2,0,1,fail',
    '2026-02-01,LIC-CLEAN,0,0,1,pass',
    '2026-02-30,LIC-CLEAN,0,0,0,pass',
    '2026-02-03,LIC-CLEAN,-1,0,0,pass',
    '2026-02-04,LIC-NOBODY,0,0,0,pass',
    '2027-01-01,LIC-CLEAN,0,0,0,pass',
    '2026-04-01,LIC-OTHER,0,1,0,pass',
  ].join('\n');

  it('imports inspections: good rows load, bad rows are listed, a second import adds nothing', async () => {
    const first = await importCsv(csv);
    expect(first.status).toBe(201);
    const summary = (await first.json()) as Record<string, unknown>;
    expect(summary).toMatchObject({
      rowsRead: 8,
      inserted: 4,
      duplicates: 0,
      rejected: 4,
      mapping: 'canonical-inspections',
    });
    expect(summary.rejections).toEqual([
      { row: 4, field: 'date', reason: 'is not a calendar date (YYYY-MM-DD after mapping)' },
      { row: 5, field: 'critical', reason: 'must be a whole number ≥ 0' },
      { row: 7, field: 'date', reason: 'is in the future' },
      { row: 6, field: 'licenceNumber', reason: 'no shop in the registry has this licence number' },
    ]);
    const second = (await (await importCsv(csv)).json()) as Record<string, unknown>;
    expect(second).toMatchObject({ inserted: 0, duplicates: 4, rejected: 4 });
    const count = await t.ctx.db.execute({
      sql: 'SELECT count(*) AS n FROM inspections WHERE shop_id IN (?, ?, ?)',
      args: Object.values(shopIds),
    });
    expect(count.rows[0]?.n).toBe(4);
  });

  it('imports NDJSON, links by platform listing, and refuses wrong roles, media types and mappings', async () => {
    const ndjson = `${JSON.stringify({ date: '2026-03-15', platformId: platform.id, platformShopId: 'r-other', minor: 2 })}\n`;
    const response = await t.request('/risk/inspection-imports', {
      method: 'POST',
      token: admin,
      headers: { 'content-type': 'application/x-ndjson' },
      body: ndjson,
    });
    expect(await response.json()).toMatchObject({ inserted: 1, rejected: 0 });
    expect((await importCsv(csv, district)).status).toBe(403);
    expect((await importCsv(csv, intake, '?mapping=no-such-mapping')).status).toBe(400);
    const json = await t.request('/risk/inspection-imports', { token: intake, json: { a: 1 } });
    expect(json.status).toBe(415);
  });

  it('refuses a model with unknown indicators or invalid weights as a whole, and versions good ones', async () => {
    const current = (await (await t.request('/risk/model', { token: intake })).json()) as { version: number };
    const model = {
      name: 'Test model',
      intercept: -3,
      halfLifeDays: 180,
      indicators: [
        { indicator: 'critical_recent', weight: 3, transform: 'log1p' },
        { indicator: 'never_inspected', weight: 0.5 },
      ],
      tiers: { B: 20, C: 40, D: 60 },
      leadTier: 'D',
    };
    const put = (body: unknown, token = admin) =>
      t.request('/risk/model', { method: 'PUT', token, json: body });
    const unknown = await put({
      ...model,
      indicators: [...model.indicators, { indicator: 'horoscope', weight: 1 }],
    });
    expect(unknown.status).toBe(400);
    const invalid = await put({
      ...model,
      indicators: [{ indicator: 'critical_recent', weight: 1e6, transform: 'cap' }],
      tiers: { B: 50, C: 40, D: 60 },
    });
    expect(invalid.status).toBe(422);
    const problem = (await invalid.json()) as { errors: Array<{ pointer: string }> };
    expect(problem.errors.map((e) => e.pointer).sort()).toEqual([
      '#/indicators/0/cap',
      '#/indicators/0/weight',
      '#/tiers',
    ]);
    expect((await put(model, intake)).status).toBe(403);
    expect(
      ((await (await t.request('/risk/model', { token: admin })).json()) as { version: number }).version,
    ).toBe(current.version);

    const created = await put(model);
    expect(created.status).toBe(201);
    const stored = (await created.json()) as {
      version: number;
      indicators: Array<{ center: number; scale: number }>;
    };
    expect(stored.version).toBe(current.version + 1);
    expect(stored.indicators[0]).toMatchObject({ center: 0, scale: 1 });
    const same = await put(model);
    expect(same.status).toBe(200);
    expect(((await same.json()) as { version: number }).version).toBe(stored.version);
    const old = await t.request(`/risk/model?version=${current.version}`, { token: district });
    expect(((await old.json()) as { version: number }).version).toBe(current.version);
  });

  it('scores every shop with contributions and the model version, and filters the ranking', async () => {
    const response = await t.request('/risk/runs', { token: detachment, json: { asOf: '2026-05-01' } });
    expect(response.status).toBe(201);
    const run = (await response.json()) as {
      id: string;
      modelVersion: number;
      shopsScored: number;
      tierCounts: Record<string, number>;
    };
    const total = Number((await t.ctx.db.execute('SELECT count(*) AS n FROM shops')).rows[0]?.n);
    expect(run.shopsScored).toBe(total);
    expect(Object.values(run.tierCounts).reduce((a, b) => a + b, 0)).toBe(total);

    const risky = (await (
      await t.request(`/risk/shops/${shopIds['r-risky']}`, { token: intake })
    ).json()) as {
      score: number;
      tier: string;
      modelVersion: number;
      contributions: Array<{ indicator: string; value: number; contribution: number }>;
    };
    expect(risky.modelVersion).toBe(run.modelVersion);
    expect(risky.tier).toBe('D');
    expect(risky.contributions[0]).toMatchObject({ indicator: 'critical_recent' });
    // 3 critical 111 days before and 2 critical 60 days before, half-life 180 days.
    const expected = 3 * 0.5 ** (111 / 180) + 2 * 0.5 ** (60 / 180);
    expect(risky.contributions[0]!.value).toBeCloseTo(expected, 3);
    expect(risky.contributions[0]!.contribution).toBeCloseTo(3 * Math.log1p(expected), 3);
    expect(risky.score).toBeCloseTo(100 / (1 + Math.exp(-(-3 + 3 * Math.log1p(expected)))), 1);

    // The demo shops are scored too; this test speaks about its own platform's shops.
    const tierD = (await (
      await t.request(`/risk/shops?tier=D&platform=${platform.id}`, { token: intake })
    ).json()) as {
      items: Array<{ shopId: string }>;
    };
    expect(tierD.items.map((i) => i.shopId)).toEqual([shopIds['r-risky']]);
    const list = (await (
      await t.request(`/risk/shops?platform=${platform.id}&limit=2`, { token: intake })
    ).json()) as {
      items: Array<{ score: number; shopId: string }>;
      nextCursor: string;
    };
    expect(list.items[0]!.shopId).toBe(shopIds['r-risky']);
    const rest = (await (
      await t.request(`/risk/shops?platform=${platform.id}&cursor=${list.nextCursor}`, { token: intake })
    ).json()) as {
      items: Array<{ shopId: string }>;
    };
    expect([...list.items, ...rest.items].map((i) => i.shopId).sort()).toEqual(Object.values(shopIds).sort());
    // The contributions derived when reading add up to the score SQLite computed in the run.
    const model = (await (
      await t.request(`/risk/model?version=${run.modelVersion}`, { token: intake })
    ).json()) as { intercept: number };
    const everyone = (await (await t.request('/risk/shops?limit=500', { token: intake })).json()) as {
      items: Array<{ score: number; contributions: Array<{ contribution: number }> }>;
    };
    for (const item of everyone.items) {
      const z = model.intercept + item.contributions.reduce((sum, c) => sum + c.contribution, 0);
      expect(100 / (1 + Math.exp(-z))).toBeCloseTo(item.score, 1);
    }
    const other = (await (await t.request('/risk/shops?district=350103', { token: detachment })).json()) as {
      items: Array<{ districtCode: string }>;
    };
    expect(other.items.length).toBeGreaterThan(0);
    expect(other.items.every((i) => i.districtCode === '350103')).toBe(true);
  });

  it('shows a district handler only their own district', async () => {
    const mine = (await (await t.request('/risk/shops?limit=500', { token: district })).json()) as {
      items: Array<{ districtCode: string }>;
    };
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((i) => i.districtCode === '350102')).toBe(true);
    expect((await t.request('/risk/shops?district=350103', { token: district })).status).toBe(403);
    // Another district's shop is as absent as one without a score.
    expect((await t.request(`/risk/shops/${shopIds['r-other']}`, { token: district })).status).toBe(404);
  });

  it('sees only records dated before the day it scores at', async () => {
    const early = (await (
      await t.request('/risk/runs', { token: admin, json: { asOf: '2026-01-10' } })
    ).json()) as { id: string };
    const risky = (await (
      await t.request(`/risk/shops/${shopIds['r-risky']}?runId=${early.id}`, { token: admin })
    ).json()) as {
      contributions: Array<{ indicator: string; value: number }>;
    };
    // The inspection of 2026-01-10 itself is not yet on record that day.
    expect(risky.contributions.find((c) => c.indicator === 'critical_recent')?.value).toBe(0);
    expect(risky.contributions.find((c) => c.indicator === 'never_inspected')?.value).toBe(1);

    const model = await getRiskModel(t.ctx.db);
    const features = await t.ctx.db.execute({
      sql: `${featureSql(model, inspectionBaseSql(model), ['found_critical', 'as_of_date', 'licence_number'])} ORDER BY as_of_date`,
      args: [-1e6, 1e6],
    });
    const riskyRows = features.rows.filter((r) => r.licence_number === 'LIC-RISKY');
    expect(riskyRows.map((r) => [r.as_of_date, r.x0])).toEqual([
      ['2026-01-10', 0],
      ['2026-03-02', expect.closeTo(3 * 0.5 ** (51 / 180), 3)],
    ]);
  });

  it('turns the top tier into leads once, skipping shops with open leads', async () => {
    const first = (await (
      await t.request('/risk/runs', { token: detachment, json: { asOf: '2026-05-01', createLeads: true } })
    ).json()) as {
      leads: Record<string, unknown>;
    };
    // The demo shops are in the run as well: of this test's shops, only the risky one is a lead.
    expect(first.leads).toMatchObject({ requested: true, skippedOpenLead: 0 });
    const created = Number(first.leads.created);
    const leads = await t.ctx.db.execute({
      sql: "SELECT l.shop_id FROM leads l JOIN shops s ON s.id = l.shop_id WHERE l.source = 'risk' AND s.platform_id = ?",
      args: [platform.id],
    });
    expect(leads.rows.map((r) => r.shop_id)).toEqual([shopIds['r-risky']]);
    const second = (await (
      await t.request('/risk/runs', { token: detachment, json: { asOf: '2026-05-01', createLeads: true } })
    ).json()) as {
      id: string;
      leads: Record<string, unknown>;
    };
    expect(second.leads).toMatchObject({ created: 0, skippedOpenLead: created });
    expect((await t.ctx.db.execute("SELECT count(*) AS n FROM leads WHERE source = 'risk'")).rows[0]?.n).toBe(
      created,
    );
    const fetched = await t.request(`/risk/runs/${second.id}`, { token: intake });
    expect(((await fetched.json()) as { status: string }).status).toBe('completed');
    expect((await t.request('/risk/runs', { token: intake, json: {} })).status).toBe(403);
    expect((await t.request('/risk/runs/rrun_nope', { token: intake })).status).toBe(404);
  });

  it('backtests on generated history: calibrated ranking beats chance, baseline alongside', async () => {
    // 150 registry shops with a hidden propensity to violate; eight inspections each over two years.
    let seed = 7;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const shops = Array.from({ length: 150 }, (_, i) => ({
      row: i + 1,
      values: { name: `Gen ${i}`, licenceNumber: `GEN-${i}` },
    }));
    await ingestShopListings(t.ctx, shops, { platformId: null, actor: { type: 'system', id: 'test' } });
    const lines = ['date,licenceNumber,critical,serious,minor'];
    for (let i = 0; i < 150; i++) {
      const propensity = random() < 0.3 ? 0.7 : 0.1;
      for (let k = 0; k < 8; k++) {
        const day = Date.UTC(2024, 0, 1) + (k * 90 + Math.floor(random() * 30)) * 86_400_000;
        const critical = random() < propensity ? 1 + Math.floor(random() * 2) : 0;
        lines.push(
          `${new Date(day).toISOString().slice(0, 10)},GEN-${i},${critical},${Math.floor(random() * 3)},1`,
        );
      }
    }
    expect((await importCsv(lines.join('\n'), admin, '?source=generated')).status).toBe(201);
    const response = await t.request('/risk/backtests', {
      token: admin,
      json: { splitDate: '2025-06-01', l2: 1 },
    });
    expect(response.status).toBe(201);
    const result = (await response.json()) as {
      testInspections: number;
      model: { auc: number; hitRateTop10: number };
      baseline: { auc: number };
      calibratedModel: { indicators: Array<{ indicator: string; weight: number }> };
    };
    expect(result.testInspections).toBeGreaterThan(200);
    expect(result.model.auc).toBeGreaterThan(0.7);
    expect(result.baseline.auc).toBeGreaterThan(0.55);
    expect(
      result.calibratedModel.indicators.find((i) => i.indicator === 'critical_recent')!.weight,
    ).toBeGreaterThan(0);
    expect(
      (await t.request('/risk/backtests', { token: intake, json: { splitDate: '2025-06-01' } })).status,
    ).toBe(403);
    expect(
      (await t.request('/risk/backtests', { token: admin, json: { splitDate: '1990-01-01' } })).status,
    ).toBe(422);
  });
});
