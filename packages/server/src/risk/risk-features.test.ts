import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMapping } from '../record-import/column-mapping.js';
import type { TextRecord } from '../record-import/text-records.js';
import { ingestShopListings } from '../shops/shop-listings.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { seededRandom } from './backtest-metrics.js';
import { importCovariates } from './covariate-import.js';
import { importInspections } from './inspection-import.js';
import { createRiskBacktest } from './risk-backtest.js';
import { exportBacktestScores, getRiskBacktest } from './risk-backtest-store.js';
import { putRiskModel, type RiskModelInput } from './risk-model.js';
import { createRiskRun, getShopRisk } from './risk-runs.js';

/**
 * Generated history with effects planted in the columns a mapping carries: the facility type
 * (a shop extra), the licence kinds (categories), the inspector (an inspection extra, read
 * from the previous inspection) and an area's complaints (a covariate). A model that declares
 * those features must find them; the catalogue alone cannot.
 */
const SHOPS = 600;
const AREAS = ['north', 'south', 'east', 'west'];
const TYPES = ['restaurant', 'grocery', 'bakery', 'kiosk'];
const INSPECTORS = ['ada', 'bo', 'cy', 'di', 'ed'];

function* records(rows: Record<string, unknown>[]): Generator<TextRecord> {
  for (const [i, values] of rows.entries()) yield { row: i + 1, values };
}
async function* lift<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

const FEATURE_MODEL: RiskModelInput = {
  name: 'Features from data',
  intercept: 0,
  halfLifeDays: 365,
  indicators: [
    { indicator: 'last_critical', weight: 0, transform: 'binary' },
    { indicator: 'never_inspected', weight: 0 },
    {
      name: 'facility_type',
      feature: { source: 'shop', field: 'extra.facilityType', type: 'category' },
      weight: 1,
      minCount: 10,
    },
    {
      name: 'licence_kinds',
      feature: { source: 'shop', field: 'categories', type: 'categories' },
      weight: 1,
      minCount: 10,
    },
    {
      name: 'previous_inspector',
      feature: { source: 'previous', field: 'extra.inspector', type: 'category' },
      weight: 1,
      minCount: 10,
    },
    {
      name: 'area_complaints',
      feature: { source: 'covariate', dataset: 'complaints', aggregate: 'sum', windowDays: 30 },
      weight: 0,
      transform: 'log1p',
    },
    {
      name: 'critical_rate_2y',
      feature: { source: 'history', field: 'critical', aggregate: 'rate', windowDays: 730 },
      weight: 0,
    },
  ],
  tiers: { B: 25, C: 50, D: 75 },
};

describe('features declared over the data', () => {
  let t: TestApp;
  const actor = { type: 'system' as const, id: 'features-test' };
  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-01-10T00:00:00Z' });
    const random = seededRandom(7);
    const shops = Array.from({ length: SHOPS }, (_, i) => ({
      licence: `FT-${i}`,
      name: `Feature shop ${i}`,
      area: AREAS[i % 4],
      facility: TYPES[Math.floor(random() * 3.2)] ?? 'kiosk',
      kinds: random() < 0.3 ? 'liquor;tobacco' : random() < 0.5 ? 'liquor' : '',
    }));
    const shopMapping = parseMapping({
      name: 'feature-shops',
      kind: 'shops',
      source: 'features',
      fields: {
        licenceNumber: 'licence',
        name: 'name',
        area: 'area',
        categories: { column: 'kinds', split: ';' },
      },
      extra: { facilityType: 'facility' },
    });
    const loaded = await ingestShopListings(t.ctx, records(shops), {
      platformId: null,
      mapping: shopMapping,
      actor,
    });
    expect(loaded.rejected).toBe(0);

    // Complaints per area and week: the east piles up complaints before inspections go badly.
    const complaints: Record<string, unknown>[] = [];
    const start = Date.UTC(2023, 0, 1);
    for (let week = 0; week < 156; week++) {
      for (const area of AREAS) {
        const date = new Date(start + week * 7 * 86_400_000).toISOString().slice(0, 10);
        complaints.push({ area, date, value: area === 'east' ? 6 + (week % 3) : 1 + (week % 2) });
      }
    }
    const covariates = await importCovariates(t.ctx, lift(records(complaints)), {
      mapping: parseMapping({
        name: 'complaints',
        kind: 'covariates',
        source: 'features',
        fields: { area: 'area', date: 'date', value: 'value' },
      }),
      dataset: 'complaints',
      actor,
    });
    expect(covariates).toMatchObject({ inserted: complaints.length, rejected: 0, datasets: ['complaints'] });

    // About five inspections a shop over three years; the chance of a critical violation
    // rises with the planted effects.
    const inspections: Record<string, unknown>[] = [];
    for (const [i, shop] of shops.entries()) {
      let previousInspector = INSPECTORS[i % 5]!;
      const visits = 3 + Math.floor(random() * 4);
      for (let v = 0; v < visits; v++) {
        const day = Math.floor(random() * 1060);
        const date = new Date(start + (day + 30) * 86_400_000).toISOString().slice(0, 10);
        const inspector = INSPECTORS[Math.floor(random() * 5)]!;
        let z = -1.6;
        if (shop.facility === 'restaurant') z += 1.2;
        if (shop.kinds.includes('tobacco')) z += 0.8;
        if (previousInspector === 'ada') z += 1.0;
        if (shop.area === 'east') z += 0.9;
        const critical = random() < 1 / (1 + Math.exp(-z)) ? 1 + Math.floor(random() * 2) : 0;
        inspections.push({ licence: shop.licence, date, critical, inspector, id: `${i}-${v}` });
        previousInspector = inspector;
      }
    }
    // Insertion order does not matter: "previous" means by date.
    inspections.sort((a, b) => String(a.date).localeCompare(String(b.date)));
    const imported = await importInspections(t.ctx, lift(records(inspections)), {
      mapping: parseMapping({
        name: 'feature-inspections',
        kind: 'inspections',
        source: 'features',
        fields: { licenceNumber: 'licence', date: 'date', critical: 'critical', externalId: 'id' },
        extra: { inspector: 'inspector' },
      }),
      actor,
    });
    expect(imported.rejected).toBe(0);
  });
  afterAll(() => t?.close());

  it('carries extra columns into the records it imports', async () => {
    const shop = (
      await t.ctx.db.execute("SELECT area, extra, categories FROM shops WHERE licence_number = 'FT-0'")
    ).rows[0]!;
    expect(shop.area).toBe('north');
    expect(JSON.parse(String(shop.extra))).toHaveProperty('facilityType');
    const inspection = (await t.ctx.db.execute("SELECT extra FROM inspections WHERE record_key = '0-0'"))
      .rows[0]!;
    expect(JSON.parse(String(inspection.extra))).toEqual({ inspector: expect.any(String) });
  });

  it('finds the planted effects, beats the baseline on the same rows and explains every score', async () => {
    const model = (await putRiskModel(t.ctx, FEATURE_MODEL, actor)).model;
    const result = await createRiskBacktest(
      t.ctx,
      {
        train: { start: '2023-01-01', end: '2024-10-01' },
        validation: { start: '2024-10-01', end: '2025-04-01' },
        test: { start: '2025-04-01', end: '2026-01-01' },
        modelVersion: model.version,
        bootstrap: 50,
        saveModel: true,
      },
      actor,
    );
    const indicators = Object.fromEntries(
      result.calibratedModel.indicators.map((ind) => [ind.name ?? ind.indicator, ind]),
    );
    const level = (name: string, value: string) =>
      indicators[name]!.levels!.find((l: { value: string }) => l.value === value)?.weight ?? Number.NaN;
    expect(level('facility_type', 'restaurant')).toBeGreaterThan(level('facility_type', 'grocery'));
    expect(level('licence_kinds', 'tobacco')).toBeGreaterThan(0.3);
    expect(level('previous_inspector', 'ada')).toBeGreaterThan(level('previous_inspector', 'bo'));
    expect(indicators.area_complaints!.weight).toBeGreaterThan(0);
    // Settings chosen on validation only, from the grid, with every candidate reported.
    expect(result.selection!.candidates.length).toBeGreaterThan(4);
    expect(result.selection!.chosen.minCount).not.toBeNull();
    // The same rows for all three rankings, first inspections counted.
    expect(result.testFirstInspections).toBeGreaterThanOrEqual(0);
    expect(result.testInspections).toBe(
      Number(
        (
          await t.ctx.db.execute(
            "SELECT count(*) AS n FROM inspections WHERE inspected_on >= '2025-04-01' AND inspected_on < '2026-01-01'",
          )
        ).rows[0]!.n,
      ),
    );
    expect(result.model.auc).toBeGreaterThan(result.baseline.auc + 0.05);
    expect(Math.abs(result.random.auc - 0.5)).toBeLessThan(0.06);
    expect(result.model.aucCi[0]).toBeLessThanOrEqual(result.model.auc);
    expect(result.model.aucCi[1]).toBeGreaterThanOrEqual(result.model.auc);
    expect(result.gainOverBaseline.aucCi[0]).toBeGreaterThan(0);
    expect(result.model.roc[0]).toEqual({ x: 0, y: 0 });
    expect(result.model.roc.at(-1)).toEqual({ x: 1, y: 1 });
    expect(result.model.lift).toHaveLength(21);
    expect(result.firstInspectionPolicy).toContain('counted, not dropped');
    expect(await getRiskBacktest(t.ctx.db, result.id)).toEqual(result);

    // Exports: ranked, full precision, with the shop's external id and the record key.
    let csv = '';
    for await (const chunk of exportBacktestScores(t.ctx.db, result.id, 'csv')) csv += chunk;
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('recordKey,source,shopId,shopExternalId,date,positive,score,baseline,rank');
    expect(lines).toHaveLength(result.testInspections + 1);
    const ours = lines.filter((line) => line.includes(',features,'));
    expect(ours.length).toBeGreaterThan(600);
    for (const line of ours.slice(0, 50))
      expect(line).toMatch(
        /^\d+-\d,features,shop_\w+,FT-\d+,20\d\d-\d\d-\d\d,(true|false),\d+\.\d{5,},\d*,\d+$/,
      );
    expect(lines.slice(1).map((line) => Number(line.split(',').at(-1)))).toEqual(
      lines.slice(1).map((_, i) => i + 1),
    );
    let ndjson = '';
    for await (const chunk of exportBacktestScores(t.ctx.db, result.id, 'ndjson')) ndjson += chunk;
    const first = JSON.parse(ndjson.split('\n')[0]!);
    expect(first).toMatchObject({ rank: 1, recordKey: lines[1]!.split(',')[0] });

    // A run with the saved model explains each score by its contributions, levels named.
    const run = await createRiskRun(t.ctx, { asOf: '2026-01-05' }, actor);
    expect(run.modelVersion).toBe(result.savedModelVersion);
    const shopId = String(
      (await t.ctx.db.execute("SELECT id FROM shops WHERE licence_number = 'FT-3'")).rows[0]!.id,
    );
    const risk = await getShopRisk(t.ctx.db, shopId, run.id);
    const facility = risk.contributions.find((c) => c.indicator === 'facility_type')!;
    expect(facility.levels).toHaveLength(1);
    const z = result.calibratedModel.intercept + risk.contributions.reduce((s, c) => s + c.contribution, 0);
    expect(100 / (1 + Math.exp(-z))).toBeCloseTo(risk.score, 1);
  });
});
