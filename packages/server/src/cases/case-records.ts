import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';
import { numberOrNull, textOrNull } from '../db/rows.js';
import { staffDisplayNames } from '../staff/staff-directory.js';

export type CaseState = Schema<'CaseState'>;
export type CaseOutcome = Schema<'CaseOutcome'>;
export type CaseUnit = Schema<'CaseUnit'>;
export type CaseSummary = Schema<'CaseSummary'>;
export type CaseDetail = Schema<'CaseDetail'>;
export type Classification = 'general' | 'complex';

/** A case row as the services use it (snake_case columns → camelCase). */
export interface CaseRecord {
  id: string;
  identityCode: string;
  source: 'tip' | 'platform_lead';
  sourceRef: string | null;
  description: string;
  category: string;
  districtCode: string;
  shopId: string | null;
  shopPlatformId: string | null;
  shopPlatformShopId: string | null;
  shopName: string | null;
  shopAddress: string | null;
  shopDistrictCode: string;
  observedAt: string | null;
  receivedAt: string;
  state: CaseState;
  classification: Classification | null;
  assignedUnit: CaseUnit;
  assignedDistrictCode: string | null;
  /** The staff user of the assigned unit handling the case (cases/case-officers.ts). */
  assignedOfficerId: string | null;
  outcome: CaseOutcome | null;
  penaltyFen: number | null;
  closingSummary: string | null;
  mergedInto: string | null;
  acknowledgeBy: string;
  feedbackBy: string;
  acknowledgedAt: string | null;
  feedbackGivenAt: string | null;
  closedAt: string | null;
  updatedAt: string;
}

export function rowToCase(row: Record<string, unknown>): CaseRecord {
  return {
    id: String(row.id),
    identityCode: String(row.identity_code),
    source: row.source as CaseRecord['source'],
    sourceRef: textOrNull(row.source_ref),
    description: String(row.description),
    category: String(row.category),
    districtCode: String(row.district_code),
    shopId: textOrNull(row.shop_id),
    shopPlatformId: textOrNull(row.shop_platform_id),
    shopPlatformShopId: textOrNull(row.shop_platform_shop_id),
    shopName: textOrNull(row.shop_name),
    shopAddress: textOrNull(row.shop_address),
    shopDistrictCode: String(row.shop_district_code),
    observedAt: textOrNull(row.observed_at),
    receivedAt: String(row.received_at),
    state: row.state as CaseState,
    classification: textOrNull(row.classification) as Classification | null,
    assignedUnit: row.assigned_unit as CaseUnit,
    assignedDistrictCode: textOrNull(row.assigned_district_code),
    assignedOfficerId: textOrNull(row.assigned_officer_id),
    outcome: textOrNull(row.outcome) as CaseOutcome | null,
    penaltyFen: numberOrNull(row.penalty_fen),
    closingSummary: textOrNull(row.closing_summary),
    mergedInto: textOrNull(row.merged_into),
    acknowledgeBy: String(row.acknowledge_by),
    feedbackBy: String(row.feedback_by),
    acknowledgedAt: textOrNull(row.acknowledged_at),
    feedbackGivenAt: textOrNull(row.feedback_given_at),
    closedAt: textOrNull(row.closed_at),
    updatedAt: String(row.updated_at),
  };
}

/** The SQL twin of `overdueDeadlines`: open and past a deadline; bind `now` twice. */
export const OVERDUE_CONDITION = `state != 'closed' AND ((acknowledged_at IS NULL AND acknowledge_by < ?) OR (feedback_given_at IS NULL AND feedback_by < ?))`;

/** Which deadlines an open case has missed at `now`; a closed case is never overdue. */
export function overdueDeadlines(record: CaseRecord, now: Date): Array<'acknowledgement' | 'feedback'> {
  if (record.state === 'closed') return [];
  const missed: Array<'acknowledgement' | 'feedback'> = [];
  const at = now.toISOString();
  if (!record.acknowledgedAt && record.acknowledgeBy < at) missed.push('acknowledgement');
  if (!record.feedbackGivenAt && record.feedbackBy < at) missed.push('feedback');
  return missed;
}

/**
 * The staff-facing summary: the identity code stands in for the reporter. `officerNames` holds
 * the display name of the case's officer (`officerNamesOf` in case-officers.ts).
 */
export function toCaseSummary(
  record: CaseRecord,
  now: Date,
  officerNames: ReadonlyMap<string, string>,
): CaseSummary {
  return {
    id: record.id,
    identityCode: record.identityCode,
    source: record.source,
    state: record.state,
    outcome: record.outcome,
    category: record.category,
    districtCode: record.districtCode,
    classification: record.classification,
    assignedUnit: record.assignedUnit,
    assignedDistrictCode: record.assignedDistrictCode,
    assignedOfficer: record.assignedOfficerId
      ? {
          id: record.assignedOfficerId,
          displayName: officerNames.get(record.assignedOfficerId) ?? record.assignedOfficerId,
        }
      : null,
    receivedAt: record.receivedAt,
    updatedAt: record.updatedAt,
    deadlines: {
      acknowledgeBy: record.acknowledgeBy,
      feedbackBy: record.feedbackBy,
      acknowledgedAt: record.acknowledgedAt,
      feedbackGivenAt: record.feedbackGivenAt,
      overdue: overdueDeadlines(record, now),
    },
  };
}

/** The display names of the officers of `records`, for `toCaseSummary` (one read per page). */
export function officerNamesOf(
  executor: Executor,
  records: readonly CaseRecord[],
): Promise<Map<string, string>> {
  return staffDisplayNames(
    executor,
    records.flatMap((record) => (record.assignedOfficerId ? [record.assignedOfficerId] : [])),
  );
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function addDays(iso: string | Date, days: number): string {
  return new Date(new Date(iso).getTime() + days * DAY_MS).toISOString();
}

/** A case by id, unscoped: for the use cases after their own scoped read. */
export async function findCase(db: Executor, caseId: string): Promise<CaseRecord> {
  const row = (await db.execute({ sql: 'SELECT * FROM cases WHERE id = ?', args: [caseId] })).rows[0];
  return rowToCase(row!);
}

/** Every open case past a deadline at `now`, oldest first; for operators (CLI, alerts). */
export async function listOverdueCases(db: Executor, now: Date): Promise<CaseSummary[]> {
  const at = now.toISOString();
  const result = await db.execute({
    sql: `SELECT * FROM cases WHERE ${OVERDUE_CONDITION} ORDER BY received_at`,
    args: [at, at],
  });
  const records = result.rows.map((row) => rowToCase(row));
  const officers = await officerNamesOf(db, records);
  return records.map((record) => toCaseSummary(record, now, officers));
}
