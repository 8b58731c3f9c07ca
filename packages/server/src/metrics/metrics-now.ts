import type { Executor } from '../db/database.js';

export interface NowFigures {
  openCases: number;
  overdueAcknowledgement: number;
  overdueFeedback: number;
}

const EMPTY: NowFigures = { openCases: 0, overdueAcknowledgement: 0, overdueFeedback: 0 };

/**
 * Figures about now, not the period: open cases and those past a deadline, per district. Read
 * from the partial index of open cases, which stays small however long the history grows.
 */
export async function readNowFigures(db: Executor, now: Date): Promise<Map<string, NowFigures>> {
  const nowIso = now.toISOString();
  const rows = (
    await db.execute({
      sql: `SELECT shop_district_code AS district, count(*) AS open,
                   sum(acknowledged_at IS NULL AND acknowledge_by < ?) AS overdue_ack,
                   sum(feedback_given_at IS NULL AND feedback_by < ?) AS overdue_feedback
            FROM cases INDEXED BY cases_open_shop WHERE state <> 'closed' GROUP BY shop_district_code`,
      args: [nowIso, nowIso],
    })
  ).rows;
  return new Map(
    rows.map((row) => [
      String(row.district),
      {
        openCases: Number(row.open),
        overdueAcknowledgement: Number(row.overdue_ack ?? 0),
        overdueFeedback: Number(row.overdue_feedback ?? 0),
      },
    ]),
  );
}

export function sumNowFigures(figures: Iterable<NowFigures>): NowFigures {
  const total = { ...EMPTY };
  for (const f of figures) {
    total.openCases += f.openCases;
    total.overdueAcknowledgement += f.overdueAcknowledgement;
    total.overdueFeedback += f.overdueFeedback;
  }
  return total;
}

/** Reward claims past their determination deadline now (optionally in one district). */
export async function readOverdueDeterminations(db: Executor, now: Date, districtCode?: string) {
  const row = (
    await db.execute({
      sql: `SELECT count(*) AS n FROM reward_claims rc
            ${districtCode ? 'JOIN cases c ON c.id = rc.case_id AND c.shop_district_code = ?' : ''}
            WHERE rc.state IN ('claimed', 'proposed') AND rc.determination_due_at < ?`,
      args: districtCode ? [districtCode, now.toISOString()] : [now.toISOString()],
    })
  ).rows[0];
  return Number(row?.n ?? 0);
}

export { EMPTY as NO_NOW_FIGURES };
