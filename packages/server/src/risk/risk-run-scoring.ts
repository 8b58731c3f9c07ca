import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Database, Executor } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import type { NormalisedModel } from './risk-model.js';
import { libsqlModulePath, type ShopPage, scorePagesInWorkers } from './risk-score-workers.js';
import { decayClampNeeded, runBaseSql, scoreSql } from './risk-sql.js';

/** Shops per scoring statement: big enough for set-based speed, small enough to hold the write lock briefly. */
export const RISK_PAGE_SIZE = 40_000;

/** Tuning of a run, for tests and benchmarks; not part of the API. */
export interface RiskRunTuning {
  /** Shops per page (default RISK_PAGE_SIZE). */
  pageSize?: number;
  /** Worker processes (default RISK_RUN_WORKERS); 0 scores in-process. */
  workers?: number;
}

export interface ScoringJob {
  model: NormalisedModel;
  runSeq: number;
  asOfDay: number;
  asOf: string;
  pageSize: number;
  workers: number;
}

/**
 * Scores every shop into `shop_risks` for one run and returns how many were scored. Pages of
 * shops (keyset on the id) are scored by one INSERT … SELECT each, which aggregates, scores and
 * writes in SQLite. With an embedded database and workers configured, worker processes score
 * the pages on every core into scratch files (risk-score-workers.ts), and this connection
 * copies each page in (a sorted append, a fraction of the scoring's cost); otherwise the pages
 * are scored here one by one. Either way only this connection writes, and pages commit one by
 * one, so other writers wait at most one page.
 */
export async function scoreAllShops(db: Database, job: ScoringJob, logger: Logger): Promise<number> {
  const select = await scoringSelect(db, job);
  const pages = await pageBounds(db, job.pageSize);
  if (db.filePath && job.workers > 0 && pages.length > 1 && libsqlModulePath()) {
    const scratch = await scoreInWorkers(db.filePath, select, pages, job).catch((error: unknown) => {
      // Nothing has reached shop_risks yet, so the run can still score in-process.
      logger.warn('risk workers failed; scoring in-process', {
        module: 'risk',
        reason: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    });
    if (scratch) {
      try {
        return await copyScratchPages(db, pages, scratch.owners, job.runSeq);
      } finally {
        scratch.remove();
      }
    }
  }
  return scoreInProcess(db, select, pages, job);
}

/** The scoring SELECT over a page (`?1`, `?2`) as of a day (`?3`, `?4`). */
async function scoringSelect(db: Executor, job: ScoringJob): Promise<string> {
  // The oldest inspection decides whether the recency weight needs its underflow clamp.
  const oldest = (await db.execute('SELECT min(day) AS day FROM inspections')).rows[0]?.day;
  const clampDecay =
    oldest !== null &&
    oldest !== undefined &&
    decayClampNeeded(job.asOfDay - Number(oldest), job.model.halfLifeDays);
  return scoreSql(job.model, runBaseSql(job.model, { clampDecay }));
}

/** Every page's bounds, `(lo, hi]` on the shop id, read up front (a seek per page on the key). */
async function pageBounds(db: Executor, pageSize: number): Promise<ShopPage[]> {
  const size = Math.max(1, Math.trunc(pageSize));
  const pages: ShopPage[] = [];
  let lo = '';
  for (;;) {
    const bound = await db.execute({
      sql: `SELECT coalesce((SELECT id FROM shops WHERE id > ?1 ORDER BY id LIMIT 1 OFFSET ${size - 1}),
                            (SELECT max(id) FROM shops WHERE id > ?1)) AS hi`,
      args: [lo],
    });
    const hi = bound.rows[0]?.hi;
    if (hi === null || hi === undefined) return pages;
    pages.push([lo, String(hi)]);
    lo = String(hi);
  }
}

async function scoreInProcess(
  db: Executor,
  select: string,
  pages: ShopPage[],
  job: ScoringJob,
): Promise<number> {
  const insert = `INSERT INTO shop_risks (run_seq, shop_id, score, tier, detail)
    SELECT ?5, key, score, tier, detail FROM (${select})`;
  let scored = 0;
  for (const [lo, hi] of pages) {
    const result = await db.execute({ sql: insert, args: [lo, hi, job.asOfDay, job.asOf, job.runSeq] });
    scored += result.rowsAffected;
  }
  return scored;
}

/** Scratch directories of runs are named so; one left by a crash is removed a day later. */
const SCRATCH_PREFIX = '.risk-run-';
const SCRATCH_STALE_MS = 24 * 3600 * 1000;

/**
 * Scores the pages on worker processes into scratch files beside the database (same file system,
 * and the owner-only data directory). Resolves with the file that holds each page, and a
 * `remove` for the caller once they are copied; on failure the files are already gone.
 */
async function scoreInWorkers(dbPath: string, select: string, pages: ShopPage[], job: ScoringJob) {
  removeStaleScratch(dirname(dbPath));
  const scratchDir = mkdtempSync(join(dirname(dbPath), SCRATCH_PREFIX));
  const remove = () => rmSync(scratchDir, { recursive: true, force: true });
  try {
    const { owners } = await scorePagesInWorkers({
      dbPath,
      scratchDir,
      select,
      asOfDay: job.asOfDay,
      asOf: job.asOf,
      pages,
      workers: job.workers,
      // Each worker reads a share of the history; together they use about what one run would.
      cacheKib: Math.ceil(RUN_CACHE_KIB / job.workers),
      mmapBytes: RUN_MMAP_BYTES,
    });
    return { owners, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

function removeStaleScratch(dir: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(SCRATCH_PREFIX)) continue;
    const path = join(dir, name);
    try {
      // A file's age is measured against the machine's time, which wrote its mtime (not ctx.clock).
      if (Date.now() - statSync(path).mtimeMs > SCRATCH_STALE_MS)
        rmSync(path, { recursive: true, force: true });
    } catch {
      // another process removed it first
    }
  }
}

/**
 * Copies each page from the scratch file that scored it: a range read of a sorted table and an
 * append to `shop_risks`, one short write per page. ATTACH is per connection, so each page's
 * ATTACH, copy and DETACH hold the connection (Database.exclusive).
 */
async function copyScratchPages(db: Database, pages: ShopPage[], owners: string[], runSeq: number) {
  let copied = 0;
  for (const [index, [lo, hi]] of pages.entries()) {
    copied += await db.exclusive(async (conn) => {
      await conn.execute({ sql: 'ATTACH ? AS risk_scratch', args: [owners[index]!] });
      try {
        const result = await conn.execute({
          sql: `INSERT INTO shop_risks (run_seq, shop_id, score, tier, detail)
                SELECT ?, shop_id, score, tier, detail FROM risk_scratch.scores WHERE shop_id > ? AND shop_id <= ?`,
          args: [runSeq, lo, hi],
        });
        return result.rowsAffected;
      } finally {
        await conn.execute('DETACH risk_scratch');
      }
    });
  }
  return copied;
}

/** Page cache for a run, in KiB: the history index of a million shops is a few hundred MB. */
const RUN_CACHE_KIB = 256 * 1024;

/**
 * Memory-mapped reads for a run, in bytes (SQLite caps it at its compile-time maximum, 2 GB in
 * libSQL's build). Shops, their index and the inspection history of a million shops outgrow
 * the page cache; reading the rest through the map saves a read() and a copy per page.
 */
const RUN_MMAP_BYTES = 2 ** 31 - 2 ** 16;

/**
 * A run walks the whole inspection index and writes a score per shop; with SQLite's default 2 MB
 * page cache most of that is re-read from the OS. The cache (and the memory map) are widened for
 * the run and put back after (they are properties of the connection). A libSQL server ignores
 * the pragmas.
 */
export async function widenPageCache(db: Executor): Promise<() => Promise<void>> {
  try {
    const before = Number((await db.execute('PRAGMA cache_size')).rows[0]?.[0] ?? -2000);
    const tempStore = Number((await db.execute('PRAGMA temp_store')).rows[0]?.[0] ?? 0);
    const mmap = Number((await db.execute('PRAGMA mmap_size')).rows[0]?.[0] ?? 0);
    await db.execute(`PRAGMA cache_size = -${RUN_CACHE_KIB}`);
    // The per-page aggregates and their automatic indexes are temporary B-trees: keep them in memory.
    await db.execute('PRAGMA temp_store = MEMORY');
    await db.execute(`PRAGMA mmap_size = ${RUN_MMAP_BYTES}`);
    return async () => {
      await db.execute(`PRAGMA cache_size = ${Math.trunc(before)}`).catch(() => undefined);
      await db.execute(`PRAGMA temp_store = ${Math.trunc(tempStore)}`).catch(() => undefined);
      await db.execute(`PRAGMA mmap_size = ${Math.trunc(mmap)}`).catch(() => undefined);
    };
  } catch {
    return async () => undefined;
  }
}
