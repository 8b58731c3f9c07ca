import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { decodeCursor, encodeCursor } from '../http/list-cursor.js';
import { newId } from '../ids/ids.js';
import { forbidden, notFound } from '../problem/problem-error.js';
import { requireDay, todayOf } from '../record-import/record-dates.js';
import { shopDistrictOf } from '../shops/shop-scope.js';
import { contributions } from './risk-contributions.js';
import { createRiskLeads } from './risk-leads.js';
import { getRiskModel, type NormalisedModel, type RiskTier } from './risk-model.js';
import { RISK_PAGE_SIZE, type RiskRunTuning, scoreAllShops, widenPageCache } from './risk-run-scoring.js';
import { RISK_SETTINGS } from './risk-settings.js';
import { sqlNumber } from './risk-sql.js';
import { createRiskTasks } from './risk-tasks.js';

export type RiskRun = Schema<'RiskRun'>;
export type ShopRisk = Schema<'ShopRisk'>;

/** Completed runs whose scores are kept; older runs keep their summary only. */
const RUNS_KEPT = 3;

export interface RiskRunOptions {
  asOf?: string;
  modelVersion?: number;
  createLeads?: boolean;
  createTasks?: boolean;
  tasksPerUnit?: number;
}

function rowToRun(row: Record<string, unknown>): RiskRun {
  return {
    id: String(row.id),
    modelVersion: Number(row.model_version),
    asOf: String(row.as_of),
    status: row.status as RiskRun['status'],
    startedAt: String(row.started_at),
    finishedAt: textOrNull(row.finished_at),
    shopsScored: Number(row.shops_scored),
    tierCounts: JSON.parse(String(row.tier_counts)) as RiskRun['tierCounts'],
    leads: JSON.parse(String(row.leads)) as RiskRun['leads'],
    tasks: JSON.parse(String(row.tasks)) as RiskRun['tasks'],
    durationMs: Number(row.duration_ms),
  };
}

/**
 * Scores every shop with one model as of one day (risk-run-scoring.ts), then builds the run's
 * ranking index and counts its tiers. The run only becomes visible (`completed`) at the end, and
 * a failed run's rows are removed.
 */
export function createRiskRun(
  ctx: AppContext,
  options: RiskRunOptions,
  actor: AuditActor,
  tuning: RiskRunTuning = {},
): Promise<RiskRun> {
  // Bulk work in many short writes, with other writers let in between, and an ATTACH per page
  // (not allowed inside a transaction): it runs outside a request's write unit. A retry after a
  // crash starts a new run; the killed one stays `running` and never becomes visible.
  return ctx.db.detached(() => scoreRun(ctx, options, actor, tuning));
}

async function scoreRun(
  ctx: AppContext,
  options: RiskRunOptions,
  actor: AuditActor,
  tuning: RiskRunTuning,
): Promise<RiskRun> {
  const { db, clock } = ctx;
  const model = await getRiskModel(db, options.modelVersion);
  const asOf = options.asOf ?? todayOf(clock.now());
  const asOfDay = requireDay(asOf, 'asOf');
  const started = clock.now();
  const startedMs = performance.now();
  const id = newId('rrun', started);
  const inserted = await db.execute({
    sql: `INSERT INTO risk_runs (id, model_version, as_of, status, started_at, created_by)
          VALUES (?, ?, ?, 'running', ?, ?) RETURNING seq`,
    args: [id, model.version, asOf, started.toISOString(), `${actor.type}:${actor.id}`],
  });
  const runSeq = Number(inserted.rows[0]!.seq);
  const restoreCache = await widenPageCache(db);
  try {
    const scored = await scoreAllShops(
      db,
      {
        model,
        runSeq,
        asOfDay,
        asOf,
        pageSize: tuning.pageSize ?? RISK_PAGE_SIZE,
        workers: tuning.workers ?? ctx.settings.of(RISK_SETTINGS).runWorkers,
      },
      ctx.logger,
    );
    await db.execute(
      `CREATE INDEX IF NOT EXISTS ${rankIndex(runSeq)} ON shop_risks (score DESC, shop_id) WHERE run_seq = ${runSeq}`,
    );
    const tierCounts = await countTiers(db, runSeq, model, scored);
    await db.transaction(async (tx) => {
      await tx.execute({
        sql: `UPDATE risk_runs SET status = 'completed', finished_at = ?, shops_scored = ?, tier_counts = ?, duration_ms = ?
              WHERE seq = ?`,
        args: [
          clock.now().toISOString(),
          scored,
          JSON.stringify(tierCounts),
          Math.round(performance.now() - startedMs),
          runSeq,
        ],
      });
      await ctx.audit.appendWithin(tx, {
        actor,
        action: 'risk.run',
        subject: { type: 'risk_run', id },
        details: { modelVersion: model.version, asOf, shopsScored: scored, tierCounts },
      });
    });
  } catch (error) {
    await db.execute({
      sql: `UPDATE risk_runs SET status = 'failed', finished_at = ? WHERE seq = ?`,
      args: [clock.now().toISOString(), runSeq],
    });
    await dropRunScores(db, runSeq);
    throw error;
  } finally {
    await restoreCache();
  }
  await pruneOldRuns(db);
  if (options.createTasks) {
    const tasks = await createRiskTasks(ctx, { seq: runSeq, id }, model, options.tasksPerUnit);
    await db.execute({
      sql: 'UPDATE risk_runs SET tasks = ?, duration_ms = ? WHERE seq = ?',
      args: [JSON.stringify(tasks), Math.round(performance.now() - startedMs), runSeq],
    });
  }
  if (options.createLeads) {
    const leads = await createRiskLeads(ctx, runSeq, model, actor);
    await db.execute({
      sql: 'UPDATE risk_runs SET leads = ?, duration_ms = ? WHERE seq = ?',
      args: [
        JSON.stringify({ requested: true, ...leads }),
        Math.round(performance.now() - startedMs),
        runSeq,
      ],
    });
  }
  return getRiskRun(db, id);
}

/**
 * The ranking index of one run: a partial index, so that it is built in one sorted pass after the
 * run's rows are written. Queries name the run by literal (`runFilter`) so SQLite can use it.
 */
function rankIndex(runSeq: number): string {
  return `shop_risks_rank_${Math.trunc(runSeq)}`;
}

function runFilter(runSeq: number): string {
  return `r.run_seq = ${Math.trunc(runSeq)}`;
}

/** Counts a run's tiers as score ranges on its ranking index (much smaller than the score rows). */
async function countTiers(db: Executor, runSeq: number, model: NormalisedModel, scored: number) {
  const result = await db.execute(
    `SELECT count(*) FILTER (WHERE score >= ${sqlNumber(model.tiers.B)}) AS b,
            count(*) FILTER (WHERE score >= ${sqlNumber(model.tiers.C)}) AS c,
            count(*) FILTER (WHERE score >= ${sqlNumber(model.tiers.D)}) AS d
     FROM shop_risks INDEXED BY ${rankIndex(runSeq)}
     WHERE run_seq = ${Math.trunc(runSeq)} AND score >= ${sqlNumber(model.tiers.B)}`,
  );
  const row = result.rows[0]!;
  const [b, c, d] = [Number(row.b), Number(row.c), Number(row.d)];
  return { A: scored - b, B: b - c, C: c - d, D: d };
}

async function dropRunScores(db: Executor, runSeq: number): Promise<void> {
  await db.execute(`DROP INDEX IF EXISTS ${rankIndex(runSeq)}`);
  await db.execute({ sql: 'DELETE FROM shop_risks WHERE run_seq = ?', args: [runSeq] });
}

async function pruneOldRuns(db: Executor): Promise<void> {
  const old = await db.execute({
    sql: `SELECT seq FROM risk_runs WHERE status = 'completed' ORDER BY seq DESC LIMIT -1 OFFSET ?`,
    args: [RUNS_KEPT],
  });
  for (const row of old.rows) {
    await dropRunScores(db, Number(row.seq));
  }
}

export async function getRiskRun(db: Executor, id: string): Promise<RiskRun> {
  const row = (await db.execute({ sql: 'SELECT * FROM risk_runs WHERE id = ?', args: [id] })).rows[0];
  if (!row) throw notFound(`No risk run ${id}.`, 'risk_run_not_found');
  return rowToRun(row);
}

async function runForReading(
  db: Executor,
  runId: string | undefined,
): Promise<{ seq: number; run: RiskRun }> {
  const row = (
    runId === undefined
      ? await db.execute(`SELECT * FROM risk_runs WHERE status = 'completed' ORDER BY seq DESC LIMIT 1`)
      : await db.execute({ sql: 'SELECT * FROM risk_runs WHERE id = ?', args: [runId] })
  ).rows[0];
  if (!row) {
    throw notFound(
      runId ? `No risk run ${runId}.` : 'No risk run has completed yet; create one first.',
      'risk_run_not_found',
    );
  }
  const run = rowToRun(row);
  if (run.status !== 'completed')
    throw notFound(`Risk run ${run.id} did not complete.`, 'risk_run_not_found');
  return { seq: Number(row.seq), run };
}

function toShopRisk(row: Record<string, unknown>, run: RiskRun, model: NormalisedModel): ShopRisk {
  const contributionList = contributions(model, String(row.detail).split(',').map(Number));
  return {
    runId: run.id,
    modelVersion: run.modelVersion,
    asOf: run.asOf,
    shopId: String(row.shop_id),
    shopName: String(row.name),
    districtCode: textOrNull(row.district_code),
    platformId: textOrNull(row.platform_id),
    score: Number(row.score),
    tier: row.tier as RiskTier,
    contributions: contributionList,
  };
}

/** A district handler reads only their own district's shops; other readers see all (shop-scope.ts). */
function districtScope(staff: StaffPrincipal | undefined): string | undefined {
  return staff ? shopDistrictOf(staff) : undefined;
}

export interface ShopRiskFilter {
  runId?: string;
  tier?: RiskTier;
  district?: string;
  platform?: string;
  cursor?: string;
  limit?: number;
}

export async function listShopRisks(
  db: Executor,
  filter: ShopRiskFilter,
  staff?: StaffPrincipal,
): Promise<{ run: RiskRun; items: ShopRisk[]; nextCursor: string | null }> {
  const scope = districtScope(staff);
  if (scope !== undefined && filter.district !== undefined && filter.district !== scope) {
    throw forbidden('A district handler sees only the shops of their own district.', 'out_of_district');
  }
  const district = scope ?? filter.district;
  const after = filter.cursor ? decodeCursor('shop_risks', filter.cursor, ['number', 'string']) : null;
  const { seq, run } = await runForReading(db, filter.runId);
  const model = await getRiskModel(db, run.modelVersion);
  const limit = Math.min(filter.limit ?? 50, 500);
  const where = [runFilter(seq)];
  const args: (string | number)[] = [];
  if (filter.tier) {
    // Tiers are score ranges, so the ranking index can seek to the tier instead of scanning.
    const bounds = {
      A: [0, model.tiers.B],
      B: [model.tiers.B, model.tiers.C],
      C: [model.tiers.C, model.tiers.D],
      D: [model.tiers.D, 101],
    }[filter.tier];
    where.push('r.tier = ? AND r.score >= ? AND r.score < ?');
    args.push(filter.tier, bounds[0]!, bounds[1]!);
  }
  if (district !== undefined) where.push('s.district_code = ?') && args.push(district);
  if (filter.platform) where.push('s.platform_id = ?') && args.push(filter.platform);
  if (after) {
    const [score, shopId] = after;
    where.push('(r.score < ? OR (r.score = ? AND r.shop_id > ?))');
    args.push(score, score, shopId);
  }
  // Without statistics SQLite prefers the primary key and sorts the whole run; name the index.
  const indexed = (
    await db.execute({
      sql: "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?",
      args: [rankIndex(seq)],
    })
  ).rows.length
    ? `INDEXED BY ${rankIndex(seq)}`
    : '';
  const rows = (
    await db.execute({
      sql: `SELECT r.shop_id, r.score, r.tier, r.detail, s.name, s.district_code, s.platform_id
            FROM shop_risks r ${indexed} JOIN shops s ON s.id = r.shop_id
            WHERE ${where.join(' AND ')} ORDER BY r.score DESC, r.shop_id LIMIT ?`,
      args: [...args, limit + 1],
    })
  ).rows;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    run,
    items: page.map((row) => toShopRisk(row, run, model)),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor('shop_risks', [Number(last.score), String(last.shop_id)])
        : null,
  };
}

export async function getShopRisk(
  db: Executor,
  shopId: string,
  runId: string | undefined,
  staff?: StaffPrincipal,
): Promise<ShopRisk> {
  const { seq, run } = await runForReading(db, runId);
  const row = (
    await db.execute({
      sql: `SELECT r.shop_id, r.score, r.tier, r.detail, s.name, s.district_code, s.platform_id
            FROM shop_risks r JOIN shops s ON s.id = r.shop_id WHERE r.run_seq = ? AND r.shop_id = ?`,
      args: [seq, shopId],
    })
  ).rows[0];
  // Another district's shop is as absent as one without a score: least privilege, like cases.
  const scope = districtScope(staff);
  if (!row || (scope !== undefined && row.district_code !== scope)) {
    throw notFound(`Shop ${shopId} has no score in run ${run.id} visible to you.`, 'shop_risk_not_found');
  }
  return toShopRisk(row, run, await getRiskModel(db, run.modelVersion));
}
