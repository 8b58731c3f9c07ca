import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMapping } from '../record-import/column-mapping.js';
import { readRecords } from '../record-import/text-records.js';
import { ingestShopListings } from '../shops/shop-listings.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { importInspections } from './inspection-import.js';
import { createRiskBacktest } from './risk-backtest.js';

// The public San Francisco DPH data set (see /work/shared/data/README.md); the full backtest is a
// CLI run (docs/risk-index.md), this test takes every third business to stay fast.
const SF_DIR = process.env.SF_DPH_DIR ?? join(import.meta.dirname, '../../../../../shared/data/sf_dph');
const available = existsSync(join(SF_DIR, 'sf_2015_2018_inspections_with_risk_counts.csv'));

function sample(file: string, encoding: 'utf8' | 'latin1' = 'utf8'): string {
  const [header, ...lines] = readFileSync(join(SF_DIR, file), encoding).split('\n');
  return [header, ...lines.filter((line) => Number(line.slice(0, line.indexOf(','))) % 3 === 0)].join('\n');
}

describe.skipIf(!available)('San Francisco DPH through the shipped mappings', () => {
  let t: TestApp;
  const actor = { type: 'system' as const, id: 'test' };
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('loads businesses and inspections through mapping files and backtests well above chance', async () => {
    const shops = await ingestShopListings(
      t.ctx,
      readRecords([sample('sf_2015_2018_businesses.csv', 'latin1')], 'csv'),
      {
        platformId: null,
        mapping: loadMapping('sf-dph-businesses', 'shops'),
        actor,
      },
    );
    expect(shops.rejected).toBe(0);
    const names = await t.ctx.db.execute("SELECT count(*) AS n FROM shops WHERE name LIKE '%\uFFFD%'");
    expect(names.rows[0]?.n).toBe(0);
    expect(shops.created).toBeGreaterThan(1500);
    const inspections = await importInspections(
      t.ctx,
      readRecords([sample('sf_2015_2018_inspections_with_risk_counts.csv')], 'csv'),
      {
        mapping: loadMapping('sf-dph-inspections', 'inspections'),
        actor,
      },
    );
    expect(inspections.rejected).toBe(0);
    expect(inspections.inserted).toBeGreaterThan(4000);

    const result = await createRiskBacktest(t.ctx, { splitDate: '2017-02-16' }, actor);
    expect(result.testInspections).toBeGreaterThan(1000);
    expect(result.model.auc).toBeGreaterThan(0.65);
    // The naive baseline (previous inspection's score) is in the same region as on the full set.
    expect(result.baseline.auc).toBeGreaterThan(0.65);
    expect(result.baseline.auc).toBeLessThan(0.8);
  });
});
