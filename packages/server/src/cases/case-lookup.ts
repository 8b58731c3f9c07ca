import type { Executor } from '../db/database.js';
import { numberOrNull, textOrNull } from '../db/rows.js';
import type { CaseOutcome, CaseState } from './case-records.js';

/**
 * What the rewards module needs to know about a case: its state and outcome, the penalty, and
 * the tip behind it with the reporter link. For services only; never returned by a staff route
 * as is, because `reporterId` links a case to an account.
 */
export interface CaseForReward {
  caseId: string;
  identityCode: string;
  state: CaseState;
  outcome: CaseOutcome | null;
  penaltyFen: number | null;
  closedAt: string | null;
  source: 'tip' | 'platform_lead';
  tipId: string | null;
  /** Null for an anonymous tip until the reporter attaches an account. */
  reporterId: string | null;
  /** The reporter said they work (or worked) at the shop. */
  insider: boolean;
}

const SELECT = `SELECT c.id, c.identity_code, c.state, c.outcome, c.penalty_fen, c.closed_at, c.source,
                       t.id AS tip_id, t.reporter_id, t.insider
                FROM cases c LEFT JOIN tips t ON t.case_id = c.id`;

function toCaseForReward(row: Record<string, unknown>): CaseForReward {
  return {
    caseId: String(row.id),
    identityCode: String(row.identity_code),
    state: row.state as CaseState,
    outcome: (row.outcome ?? null) as CaseOutcome | null,
    penaltyFen: numberOrNull(row.penalty_fen),
    closedAt: textOrNull(row.closed_at),
    source: row.source as CaseForReward['source'],
    tipId: textOrNull(row.tip_id),
    reporterId: textOrNull(row.reporter_id),
    insider: Number(row.insider ?? 0) === 1,
  };
}

export async function findCaseForReward(db: Executor, caseId: string): Promise<CaseForReward | undefined> {
  const row = (await db.execute({ sql: `${SELECT} WHERE c.id = ?`, args: [caseId] })).rows[0];
  return row ? toCaseForReward(row) : undefined;
}

export async function findCaseForRewardByIdentityCode(
  db: Executor,
  identityCode: string,
): Promise<CaseForReward | undefined> {
  const row = (await db.execute({ sql: `${SELECT} WHERE c.identity_code = ?`, args: [identityCode] }))
    .rows[0];
  return row ? toCaseForReward(row) : undefined;
}

/** The registry shop a case names and how it closed, for a lead about the case; undefined: no case. */
export async function findCaseShop(
  db: Executor,
  caseId: string,
): Promise<{ shopId: string | null; outcome: CaseOutcome | null } | undefined> {
  const row = (await db.execute({ sql: 'SELECT shop_id, outcome FROM cases WHERE id = ?', args: [caseId] }))
    .rows[0];
  if (!row) return undefined;
  return {
    shopId: textOrNull(row.shop_id),
    outcome: (row.outcome ?? null) as CaseOutcome | null,
  };
}
