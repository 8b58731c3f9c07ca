import type { Schema } from '@ezhili/contract';
import type { Executor, InStatement } from '../db/database.js';
import { badRequest } from '../problem/problem-error.js';

type TipReferral = Schema<'TipReferral'>;
export type ReferralCounts = Schema<'ReferralCounts'>;

/**
 * The one trace a referral leaves: +1 on its partner's and entry point's counter for the month,
 * written in the tip's own transaction. Nothing goes on the tip, so staff cannot join a tip to
 * where it came from; an unknown or disabled partner counts nowhere.
 */
export function referralCounterStatements(
  referral: TipReferral | undefined,
  receivedAt: string,
): InStatement[] {
  if (!referral) return [];
  return [
    {
      sql: `INSERT INTO referral_counts (month, partner_id, entry_point, n)
            SELECT ?, id, ?, 1 FROM partners WHERE id = ? AND enabled = 1
            ON CONFLICT (month, partner_id, entry_point) DO UPDATE SET n = n + 1`,
      args: [receivedAt.slice(0, 7), referral.entryPoint, referral.partnerId],
    },
  ];
}

/**
 * Totals per partner and entry point over complete months only (never the current one, so a
 * counter that just moved cannot be matched to the tip that moved it), small counts withheld.
 */
export async function readReferralCounts(
  db: Executor,
  query: { from?: string; to?: string },
  now: Date,
  minimumCount: number,
): Promise<ReferralCounts> {
  const lastComplete = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
    .toISOString()
    .slice(0, 7);
  const to = query.to && query.to < lastComplete ? query.to : lastComplete;
  const from = query.from ?? null;
  if (from && query.to && from > query.to)
    throw badRequest('invalid_period', '`from` must not be after `to`.');
  const rows = (
    await db.execute({
      sql: `SELECT partner_id, entry_point, sum(n) AS n FROM referral_counts
            WHERE month <= ? AND month >= ? GROUP BY partner_id, entry_point ORDER BY partner_id, entry_point`,
      args: [to, from ?? ''],
    })
  ).rows;
  return {
    from,
    to,
    minimumCount,
    items: rows.map((row) => {
      const n = Number(row.n);
      return {
        partnerId: String(row.partner_id),
        entryPoint: row.entry_point as Schema<'EntryPoint'>,
        tips: n > 0 && n < minimumCount ? null : n,
      };
    }),
  };
}
