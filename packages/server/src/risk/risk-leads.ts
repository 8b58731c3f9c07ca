import type { AuditActor } from '../audit/audit-log.js';
import type { AppContext } from '../http/app-context.js';
import { createLead, hasOpenLead } from '../leads/lead-service.js';
import { ProblemError } from '../problem/problem-error.js';
import type { NormalisedModel } from './risk-model.js';

const TIERS = ['A', 'B', 'C', 'D'] as const;

/**
 * Turns a run's lead tier (and the tiers above it) into `risk` leads of basis `priority_check` for the platforms listing
 * those shops, highest score first. Shops with an open lead are skipped (no duplicates), as are
 * shops no registered platform lists.
 */
export async function createRiskLeads(
  ctx: AppContext,
  runSeq: number,
  model: NormalisedModel & { version: number },
  actor: AuditActor,
): Promise<{ created: number; skippedOpenLead: number; skippedNoPlatform: number }> {
  const tiers = TIERS.slice(TIERS.indexOf(model.leadTier));
  const rows = await ctx.db.execute({
    sql: `SELECT r.shop_id, r.score, r.tier, s.platform_id FROM shop_risks r JOIN shops s ON s.id = r.shop_id
          WHERE r.run_seq = ${Math.trunc(runSeq)} AND r.tier IN (${tiers.map(() => '?').join(', ')})
          ORDER BY r.score DESC, r.shop_id`,
    args: [...tiers],
  });
  const outcome = { created: 0, skippedOpenLead: 0, skippedNoPlatform: 0 };
  for (const row of rows.rows) {
    const shopId = String(row.shop_id);
    if (row.platform_id === null) {
      outcome.skippedNoPlatform += 1;
      continue;
    }
    if (await hasOpenLead(ctx.db, shopId)) {
      outcome.skippedOpenLead += 1;
      continue;
    }
    try {
      await createLead(
        ctx,
        {
          source: 'risk',
          shopId,
          // A priority check, not a finding: the lead's basis says so to the platform too.
          summary: `Priority check, not a confirmed violation: the risk index ranks this shop high (score ${Number(row.score).toFixed(1)}, tier ${String(row.tier)}, risk model v${model.version}). Please review the listing; take it down only on your own findings.`,
        },
        undefined,
        actor,
      );
      outcome.created += 1;
    } catch (error) {
      // A lead opened meanwhile, or a platform no longer registered: skip the shop, keep going.
      if (error instanceof ProblemError && error.code === 'lead_already_open') outcome.skippedOpenLead += 1;
      else if (error instanceof ProblemError && error.status === 422) outcome.skippedNoPlatform += 1;
      else throw error;
    }
  }
  return outcome;
}
