import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, createLogger, createRiskRun, loadConfig } from '@ezhili/server';
import { createClient } from '@libsql/client';
import { isMain } from './harness.js';

/**
 * A full risk run over generated data: RISK_BENCH_SHOPS shops (default 1,000,000) across three
 * platforms and Fuzhou's districts, with about three inspections each over three years. Prints
 * shops scored per second and the ratio to a plain SELECT scan of the same rows (shops and
 * inspections) in the same run, for the default run (worker processes on every core) and for
 * the in-process path. Target: at least 100,000 shops per second.
 */
export async function benchRiskRun(): Promise<void> {
  const shops = Number(process.env.RISK_BENCH_SHOPS ?? 1_000_000);
  const inspections = shops * 3;
  const dataDir = mkdtempSync(join(tmpdir(), 'ezhili-risk-bench-'));
  const config = loadConfig({ EZHILI_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }, { demo: true });
  const ctx = await createAppContext(config, { logger: createLogger({ level: 'warn' }) });
  const { db } = ctx;
  try {
    let t0 = performance.now();
    // Generated inside SQLite (a recursive CTE), so setting up a million shops takes seconds.
    await db.execute(`INSERT INTO shops (id, platform_id, platform_shop_id, name, district_code, licence_number, licence_expiry,
        licence_issued, categories, rating, complaint_count, online, created_at, updated_at)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${shops})
      SELECT printf('shop_bench%010d', i), 'plt_bench' || (i % 3), printf('b%d', i), 'Bench shop ' || i,
        '3501' || printf('%02d', 2 + i % 4), CASE WHEN i % 20 = 0 THEN NULL ELSE 'JY' || i END,
        CASE WHEN i % 15 = 0 THEN '2025-01-01' ELSE '2028-01-01' END, '2020-01-01', '[]',
        3 + (i % 20) / 10.0, i % 7, CASE WHEN i % 50 = 0 THEN 0 ELSE 1 END, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
      FROM n`);
    await db.execute(`INSERT INTO inspections (shop_id, inspected_on, day, result, score, critical, serious, minor, source, record_key, import_id)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${inspections})
      SELECT printf('shop_bench%010d', 1 + (i * 7919) % ${shops}), date(19724 + i % 1095, 'unixepoch'), 19724 + i % 1095,
        NULL, NULL, (i * 31) % 7 / 5, (i * 17) % 5 / 2, (i * 13) % 4, 'bench', 'b' || i, 'imp_bench'
      FROM n`);
    await db.execute(
      `UPDATE inspections SET inspected_on = date(day * 86400, 'unixepoch') WHERE source = 'bench'`,
    );
    console.log(
      `generated ${shops.toLocaleString('en')} shops and ${inspections.toLocaleString('en')} inspections in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    // The baseline: a plain scan of the same rows (every shop, every inspection), in SQLite.
    t0 = performance.now();
    await db.execute('SELECT count(*), sum(length(id)), sum(complaint_count), sum(rating) FROM shops');
    await db.execute('SELECT count(*), sum(critical), sum(serious), sum(minor), max(day) FROM inspections');
    const scanSeconds = (performance.now() - t0) / 1000;

    // The default: worker processes on every core (RISK_RUN_WORKERS), then the in-process path
    // for comparison (RISK_BENCH_IN_PROCESS=0 skips it).
    const variants: [string, number | undefined][] = [['risk run', undefined]];
    if (process.env.RISK_BENCH_IN_PROCESS !== '0')
      variants.push(['risk run in-process (RISK_RUN_WORKERS=0)', 0]);
    let first: number | undefined;
    for (const [label, workers] of variants) {
      t0 = performance.now();
      const run = await createRiskRun(
        ctx,
        { asOf: '2026-06-01' },
        { type: 'system', id: 'bench' },
        workers === undefined ? {} : { workers },
      );
      const runSeconds = (performance.now() - t0) / 1000;
      const rate = run.shopsScored / runSeconds;
      // Every score row is there for a connection opened afterwards, not only for the run's own.
      const check = createClient({ url: config.databaseUrl });
      const stored = Number(
        (
          await check.execute({
            sql: 'SELECT count(*) AS n FROM shop_risks r JOIN risk_runs u ON u.seq = r.run_seq WHERE u.id = ?',
            args: [run.id],
          })
        ).rows[0]!.n,
      );
      check.close();
      console.log(
        `${label}: ${run.shopsScored.toLocaleString('en')} shops in ${runSeconds.toFixed(2)} s = ${Math.round(rate).toLocaleString('en')} shops/s (tiers ${JSON.stringify(run.tierCounts)}; ${stored.toLocaleString('en')} rows stored)`,
      );
      console.log(
        `  plain SELECT scan of the same rows: ${scanSeconds.toFixed(2)} s; run / scan = ${(runSeconds / scanSeconds).toFixed(2)}×`,
      );
      first ??= rate;
    }
    console.log(`target ≥ 100,000 shops/s: ${first! >= 100_000 ? 'met' : 'NOT met'}`);
  } finally {
    db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (isMain(import.meta)) await benchRiskRun();
