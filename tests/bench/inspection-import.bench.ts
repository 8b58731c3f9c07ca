import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createAppContext,
  createLogger,
  identityMapping,
  importInspections,
  loadConfig,
  readRecords,
} from '@ezhili/server';
import { isMain } from './harness.js';

/**
 * Importing IMPORT_BENCH_ROWS inspection rows (default 1,000,000) from CSV through the product's
 * own path (stream reader, column mapping, row checks, shop linking, duplicate skipping, audit),
 * beside a bare batched insert of the same rows into the same table and indexes in the same
 * run. Target: at least 50,000 rows per second.
 */
export async function benchInspectionImport(): Promise<void> {
  const rows = Number(process.env.IMPORT_BENCH_ROWS ?? 1_000_000);
  const shops = Math.max(1, Math.round(rows / 3));
  const columns = 'licenceNumber,date,result,score,critical,serious,minor,externalId';
  const line = (i: number) => {
    const day = 19000 + (i % 1095);
    const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
    return `JY${1 + ((i * 7919) % shops)},${date},routine,${60 + (i % 41)},${i % 3 === 0 ? 1 : 0},${i % 5 === 0 ? 2 : 0},${i % 4},insp-${i}`;
  };
  /** The CSV in 64 kB chunks, generated as it is read (a million rows never sit in memory). */
  async function* csv(): AsyncGenerator<string> {
    let chunk = `${columns}\n`;
    for (let i = 1; i <= rows; i++) {
      chunk += `${line(i)}\n`;
      if (chunk.length > 65_536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }

  const open = async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ezhili-import-bench-'));
    const config = loadConfig(
      { EZHILI_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_SYNCHRONOUS: 'full' },
      { demo: false },
    );
    const ctx = await createAppContext(config, { logger: createLogger({ level: 'warn' }) });
    await ctx.db.execute(`INSERT INTO shops (id, platform_id, platform_shop_id, name, district_code, licence_number,
        categories, online, created_at, updated_at)
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${shops})
      SELECT printf('shop_bench%010d', i), NULL, NULL, 'Bench shop ' || i, '350102', 'JY' || i, '[]', 1,
        '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
      FROM n`);
    return { ctx, dataDir };
  };

  // The baseline: the same rows, already parsed and linked, inserted 2,000 per statement.
  const bare = await open();
  let t0 = performance.now();
  let cpu0 = process.cpuUsage();
  const batch: unknown[][] = [];
  const flush = async () => {
    await bare.ctx.db.execute({
      sql: `INSERT INTO inspections (shop_id, inspected_on, day, result, score, critical, serious, minor, source, record_key, import_id)
            SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5,
                   j.value ->> 6, j.value ->> 7, 'bench', j.value ->> 8, 'imp_bench'
            FROM json_each(?) j`,
      args: [JSON.stringify(batch)],
    });
    batch.length = 0;
  };
  for (let i = 1; i <= rows; i++) {
    const day = 19000 + (i % 1095);
    batch.push([
      `shop_bench${String(1 + ((i * 7919) % shops)).padStart(10, '0')}`,
      new Date(day * 86_400_000).toISOString().slice(0, 10),
      day,
      'routine',
      60 + (i % 41),
      i % 3 === 0 ? 1 : 0,
      i % 5 === 0 ? 2 : 0,
      i % 4,
      `insp-${i}`,
    ]);
    if (batch.length === 2000) await flush();
  }
  if (batch.length > 0) await flush();
  const bareSeconds = (performance.now() - t0) / 1000;
  const bareCpu = cpuSeconds(cpu0);
  bare.ctx.db.close();
  rmSync(bare.dataDir, { recursive: true, force: true });

  const product = await open();
  t0 = performance.now();
  cpu0 = process.cpuUsage();
  const result = await importInspections(product.ctx, readRecords(csv(), 'csv'), {
    mapping: identityMapping('inspections', 'bench'),
    actor: { type: 'system', id: 'bench' },
  });
  const importSeconds = (performance.now() - t0) / 1000;
  const importCpu = cpuSeconds(cpu0);
  product.ctx.db.close();
  rmSync(product.dataDir, { recursive: true, force: true });

  const rate = (seconds: number) => Math.round(rows / seconds).toLocaleString('en');
  // Rows per CPU-second as well: on a busy machine wall time measures the neighbours too.
  console.log(
    `\nimporting ${rows.toLocaleString('en')} inspection rows (${shops.toLocaleString('en')} shops)`,
  );
  console.log(
    `  bare batched insert of the same rows   ${bareSeconds.toFixed(2)} s = ${rate(bareSeconds)} rows/s (${rate(bareCpu)} per CPU-second)`,
  );
  console.log(
    `  ezhili import (CSV, mapping, checks)   ${importSeconds.toFixed(2)} s = ${rate(importSeconds)} rows/s (${rate(importCpu)} per CPU-second; inserted ${result.inserted.toLocaleString('en')}, rejected ${result.rejected})`,
  );
  console.log(
    `  ratio ezhili / bare insert: ${(bareSeconds / importSeconds).toFixed(3)}; target ≥ 50,000 rows/s`,
  );
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

if (isMain(import.meta)) await benchInspectionImport();
