import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import type { Executor } from '../db/database.js';
import { numberOrNull, textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { decodeCursor, encodeCursor } from '../http/list-cursor.js';
import { notFound } from '../problem/problem-error.js';
import type { ScoredInspection } from './backtest-metrics.js';

type RiskBacktest = Schema<'RiskBacktest'>;
export type RiskBacktestSummary = Schema<'RiskBacktestSummary'>;

/** Backtests whose per-inspection scores are kept for export; older ones keep their result. */
const SCORES_KEPT = 20;
/** Score rows per INSERT when a backtest is stored. */
const SCORE_BATCH = 5000;

/**
 * Stores a backtest's result, its request and every test inspection's scores (model and
 * baseline) with its audit event; then drops the scores of all but the newest backtests.
 */
export async function storeBacktest(
  ctx: AppContext,
  result: RiskBacktest,
  request: unknown,
  rows: Record<string, unknown>[],
  modelItems: ScoredInspection[],
  baseline: ScoredInspection[],
  actor: AuditActor,
): Promise<void> {
  const { base, ...requestFields } = request as { base?: { name?: string } };
  await ctx.db.transaction(async (tx) => {
    await tx.execute({
      sql: 'INSERT INTO risk_backtests (id, created_at, created_by, request, result) VALUES (?, ?, ?, ?, ?)',
      args: [
        result.id,
        result.createdAt,
        `${actor.type}:${actor.id}`,
        JSON.stringify({ ...requestFields, ...(base && { base: base.name ?? 'model file' }) }),
        JSON.stringify(result),
      ],
    });
    for (let from = 0; from < rows.length; from += SCORE_BATCH) {
      const values = rows.slice(from, from + SCORE_BATCH).map((row, k) => {
        const hasBaseline = row.n !== null && row.n !== undefined;
        return [
          Number(row.key),
          modelItems[from + k]!.score,
          hasBaseline ? baseline[from + k]!.score : null,
          modelItems[from + k]!.positive ? 1 : 0,
        ];
      });
      await tx.execute({
        sql: `INSERT INTO risk_backtest_scores (backtest_id, inspection_seq, score, baseline, positive)
              SELECT ?1, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3 FROM json_each(?2) j`,
        args: [result.id, JSON.stringify(values)],
      });
    }
    await ctx.audit.appendWithin(tx, {
      actor,
      action: 'risk.backtest',
      subject: { type: 'risk_backtest', id: result.id },
      details: {
        test: result.windows.test,
        target: result.target,
        auc: result.model.auc,
        baselineAuc: result.baseline.auc,
      },
    });
  });
  await ctx.db.execute({
    sql: `DELETE FROM risk_backtest_scores WHERE backtest_id IN
            (SELECT id FROM risk_backtests ORDER BY created_at DESC, id DESC LIMIT -1 OFFSET ?)`,
    args: [SCORES_KEPT],
  });
}

function summary(result: RiskBacktest, scoresKept: boolean): RiskBacktestSummary {
  return {
    id: result.id,
    createdAt: result.createdAt,
    target: result.target,
    windows: result.windows,
    calibrated: result.calibrated,
    testInspections: result.testInspections,
    testPositives: result.testPositives,
    modelAuc: result.model.auc,
    baselineAuc: result.baseline.auc,
    modelDaysEarlier: result.model.meanDaysEarlier,
    baselineDaysEarlier: result.baseline.meanDaysEarlier,
    warnings: result.warnings.map((w) => w.code),
    scoresKept,
  };
}

/** Stored backtests, newest first, as summaries. */
export async function listRiskBacktests(
  db: Executor,
  query: { cursor?: string; limit?: number },
): Promise<{ items: RiskBacktestSummary[]; nextCursor: string | null }> {
  const limit = Math.min(query.limit ?? 50, 500);
  const after = query.cursor ? decodeCursor('risk_backtests', query.cursor, ['string', 'string']) : null;
  const rows = (
    await db.execute({
      sql: `SELECT b.id, b.created_at, b.result,
              EXISTS (SELECT 1 FROM risk_backtest_scores s WHERE s.backtest_id = b.id) AS kept
            FROM risk_backtests b
            WHERE ?1 IS NULL OR b.created_at < ?1 OR (b.created_at = ?1 AND b.id < ?2)
            ORDER BY b.created_at DESC, b.id DESC LIMIT ?3`,
      args: [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    })
  ).rows;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => summary(JSON.parse(String(r.result)) as RiskBacktest, Number(r.kept) === 1)),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor('risk_backtests', [String(last.created_at), String(last.id)])
        : null,
  };
}

/** One stored backtest's full result. */
export async function getRiskBacktest(db: Executor, id: string): Promise<RiskBacktest> {
  const row = (await db.execute({ sql: 'SELECT result FROM risk_backtests WHERE id = ?', args: [id] }))
    .rows[0];
  if (!row) throw notFound(`No risk backtest ${id}.`, 'risk_backtest_not_found');
  return JSON.parse(String(row.result)) as RiskBacktest;
}

export type ScoreExportFormat = 'csv' | 'ndjson';

/** The columns of a score export, in order. */
export const SCORE_EXPORT_COLUMNS = [
  'recordKey',
  'source',
  'shopId',
  'shopExternalId',
  'date',
  'positive',
  'score',
  'baseline',
  'rank',
] as const;

const EXPORT_PAGE = 2000;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A stored backtest's per-inspection scores, ranked (highest model score first), as CSV or
 * NDJSON lines: the inspection's record key and source, the shop's id and external id (its
 * platform listing id, else its licence number), the day, whether a violation was found, the
 * model's score (full precision) and the baseline's value (empty without an earlier record).
 * Read page by page so a large test window never sits in memory.
 */
export async function* exportBacktestScores(
  db: Executor,
  id: string,
  format: ScoreExportFormat,
): AsyncGenerator<string> {
  await getRiskBacktest(db, id);
  const kept = (
    await db.execute({ sql: 'SELECT 1 FROM risk_backtest_scores WHERE backtest_id = ? LIMIT 1', args: [id] })
  ).rows;
  if (kept.length === 0)
    throw notFound(
      `The scores of backtest ${id} are no longer kept (only the newest ${SCORES_KEPT} backtests keep them).`,
      'risk_backtest_scores_gone',
    );
  if (format === 'csv') yield `${SCORE_EXPORT_COLUMNS.join(',')}\n`;
  let rank = 0;
  let after: [number, number] | null = null;
  for (;;) {
    const rows: Record<string, unknown>[] = (
      await db.execute({
        sql: `SELECT i.record_key, i.source, s.id AS shop_id, coalesce(s.platform_shop_id, s.licence_number) AS external_id,
                i.inspected_on, b.positive, b.score, b.baseline, b.inspection_seq
              FROM risk_backtest_scores b JOIN inspections i ON i.seq = b.inspection_seq JOIN shops s ON s.id = i.shop_id
              WHERE b.backtest_id = ?1 AND (?2 IS NULL OR b.score < ?2 OR (b.score = ?2 AND b.inspection_seq > ?3))
              ORDER BY b.score DESC, b.inspection_seq LIMIT ${EXPORT_PAGE}`,
        args: [id, after?.[0] ?? null, after?.[1] ?? null],
      })
    ).rows;
    if (rows.length === 0) return;
    let chunk = '';
    for (const r of rows) {
      rank += 1;
      const record = {
        recordKey: String(r.record_key),
        source: String(r.source),
        shopId: String(r.shop_id),
        shopExternalId: textOrNull(r.external_id),
        date: String(r.inspected_on),
        positive: Number(r.positive) === 1,
        score: Number(r.score),
        baseline: numberOrNull(r.baseline),
        rank,
      };
      chunk +=
        format === 'csv'
          ? `${SCORE_EXPORT_COLUMNS.map((c) => csvCell(record[c])).join(',')}\n`
          : `${JSON.stringify(record)}\n`;
    }
    yield chunk;
    const last = rows.at(-1)!;
    after = [Number(last.score), Number(last.inspection_seq)];
  }
}
