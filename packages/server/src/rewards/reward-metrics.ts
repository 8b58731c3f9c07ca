import type { MetricsContributor } from '../metrics/metrics-contributors.js';

/**
 * The rewards' part of `getMetrics` (section `rewards`): in the period, tips whose case closed
 * with a confirmed violation (eligible), claims, determinations, payouts paid (count and fen) and
 * failed; and now, claims past their determination deadline. Counts and amounts only.
 */
export const rewardMetricsContributor: MetricsContributor = async (db, period) => {
  const range = [period.fromIso, period.toExclusiveIso];
  const count = async (sql: string, args: (string | number)[] = range) =>
    Number((await db.execute({ sql, args })).rows[0]?.n ?? 0);
  const paid = (
    await db.execute({
      sql: `SELECT count(*) AS n, coalesce(sum(amount_fen), 0) AS fen FROM payouts
            WHERE state = 'paid' AND paid_at >= ? AND paid_at < ?`,
      args: range,
    })
  ).rows[0];
  return {
    section: {
      name: 'rewards',
      figures: {
        eligibleTips: await count(
          `SELECT count(*) AS n FROM cases WHERE source = 'tip' AND outcome = 'violation_confirmed'
           AND closed_at >= ? AND closed_at < ?`,
        ),
        claims: await count(
          'SELECT count(*) AS n FROM reward_claims WHERE claimed_at >= ? AND claimed_at < ?',
        ),
        determined: await count(
          'SELECT count(*) AS n FROM reward_claims WHERE determined_at >= ? AND determined_at < ?',
        ),
        paid: Number(paid?.n ?? 0),
        paidFen: Number(paid?.fen ?? 0),
        payoutsFailed: await count(
          `SELECT count(*) AS n FROM payouts WHERE state = 'failed' AND updated_at >= ? AND updated_at < ?`,
        ),
        overdueDeterminations: await count(
          `SELECT count(*) AS n FROM reward_claims WHERE state IN ('claimed', 'proposed') AND determination_due_at < ?`,
          [period.now.toISOString()],
        ),
      },
    },
  };
};
