import { textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { createInspectionTasks } from '../inspection-tasks/task-service.js';
import { contributions } from './risk-contributions.js';
import type { NormalisedModel, RiskTier } from './risk-model.js';

const TIERS = ['A', 'B', 'C', 'D'] as const;
/** New tasks per unit and run unless the run says otherwise: a bureau's list, not the whole tier. */
export const DEFAULT_TASKS_PER_UNIT = 100;
/** Contributions kept with a task: the largest, which explain why the shop is on the list. */
const EXPLAINED = 5;

/**
 * Points officials at shops: the run's shops of the lead tier and above become inspection tasks
 * for each shop's district bureau (the city enforcement detachment for shops without a
 * district), highest score first, at most `perUnit` per unit, skipping shops that already have
 * an open task. Each task keeps the score's largest contributions as its explanation.
 */
export async function createRiskTasks(
  ctx: AppContext,
  run: { seq: number; id: string },
  model: NormalisedModel & { version: number },
  perUnit = DEFAULT_TASKS_PER_UNIT,
): Promise<{ requested: true; created: number; skippedOpenTask: number; byUnit: Record<string, number> }> {
  const tiers = TIERS.slice(TIERS.indexOf(model.leadTier));
  const rows = (
    await ctx.db.execute({
      sql: `SELECT * FROM (
              SELECT r.shop_id, r.score, r.tier, r.detail, s.district_code,
                row_number() OVER (PARTITION BY coalesce(s.district_code, '') ORDER BY r.score DESC, r.shop_id) AS priority
              FROM shop_risks r JOIN shops s ON s.id = r.shop_id
              WHERE r.run_seq = ${Math.trunc(run.seq)} AND r.tier IN (${tiers.map(() => '?').join(', ')})
                AND NOT EXISTS (SELECT 1 FROM inspection_tasks t WHERE t.shop_id = r.shop_id AND t.status = 'open'))
            WHERE priority <= ?`,
      args: [...tiers, Math.trunc(perUnit)],
    })
  ).rows;
  const skipped = Number(
    (
      await ctx.db.execute({
        sql: `SELECT count(*) AS n FROM shop_risks r JOIN inspection_tasks t ON t.shop_id = r.shop_id AND t.status = 'open'
              WHERE r.run_seq = ${Math.trunc(run.seq)} AND r.tier IN (${tiers.map(() => '?').join(', ')})`,
        args: [...tiers],
      })
    ).rows[0]?.n ?? 0,
  );
  const tasks = rows.map((row) => ({
    shopId: String(row.shop_id),
    districtCode: textOrNull(row.district_code),
    score: Number(row.score),
    tier: row.tier as RiskTier,
    priority: Number(row.priority),
    explanation: contributions(model, String(row.detail).split(',').map(Number)).slice(0, EXPLAINED),
  }));
  const made = await ctx.db.transaction(async (tx) => {
    const result = await createInspectionTasks(
      tx,
      { id: run.id, modelVersion: model.version, at: ctx.clock.now() },
      tasks,
    );
    await ctx.audit.appendWithin(tx, {
      actor: { type: 'system', id: 'risk' },
      action: 'risk.tasks',
      subject: { type: 'risk_run', id: run.id },
      details: { created: result.created, byUnit: result.byUnit },
    });
    return result;
  });
  return { requested: true, ...made, skippedOpenTask: made.skippedOpenTask + skipped };
}
