import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';
import type { CaseUnit } from './case-records.js';

/**
 * What the notifications module reads about cases, through this module rather than its tables:
 * the queue a case is in and its identity code, never its content or anything of the reporter.
 */
export interface CaseQueue {
  caseId: string;
  identityCode: string;
  assignedUnit: CaseUnit;
  assignedDistrictCode: string | null;
  /** The officer the case is assigned to by name: its notifications go to them, not the unit. */
  assignedStaffId: string | null;
}

/** A case that entered a queue (opened, accepted at triage, re-routed, assigned), in transition order. */
export interface QueueArrival extends CaseQueue {
  /** The transition's position; the sweep resumes after it. */
  seq: number;
  /** Who made the move (`staff:<id>`, `system`): an officer who takes a case is not told of it. */
  actor: string;
  /** The case's next deadline not yet met: acknowledgement, or once acknowledged, feedback. */
  next: { deadline: CaseDeadlineName; dueAt: string };
}

export type CaseDeadlineName = 'acknowledgement' | 'feedback';

export interface CaseDeadline extends CaseQueue {
  deadline: CaseDeadlineName;
  dueAt: string;
}

const QUEUE_COLUMNS =
  'c.id, c.identity_code, c.assigned_unit, c.assigned_district_code, c.assigned_officer_id';

function toQueue(row: Record<string, unknown>): CaseQueue {
  return {
    caseId: String(row.id),
    identityCode: String(row.identity_code),
    assignedUnit: row.assigned_unit as CaseUnit,
    assignedDistrictCode: textOrNull(row.assigned_district_code),
    assignedStaffId: textOrNull(row.assigned_officer_id),
  };
}

/** The transitions that put a case in a (new) queue, or in an officer's hands. */
const ARRIVALS = `('received', 'accept', 'reroute', 'assign_officer')`;

/** The last transition's position: where a first sweep starts, so history is not news. */
export async function lastTransitionSeq(executor: Executor): Promise<number> {
  const row = (await executor.execute('SELECT max(rowid) AS seq FROM case_transitions')).rows[0];
  return Number(row?.seq ?? 0);
}

/**
 * Cases that entered a queue after transition `afterSeq`, oldest first, with the queue they are in
 * now (a case moved on since is announced to its current queue). Closed cases are skipped.
 */
export async function listQueueArrivals(
  executor: Executor,
  afterSeq: number,
  limit: number,
): Promise<{ arrivals: QueueArrival[]; lastSeq: number }> {
  const rows = (
    await executor.execute({
      sql: `SELECT t.rowid AS seq, t.actor, c.state, c.acknowledge_by, c.acknowledged_at, c.feedback_by, ${QUEUE_COLUMNS}
            FROM case_transitions t JOIN cases c ON c.id = t.case_id
            WHERE t.rowid > ? AND t.action IN ${ARRIVALS} ORDER BY t.rowid LIMIT ?`,
      args: [afterSeq, limit],
    })
  ).rows;
  return {
    arrivals: rows
      .filter((row) => row.state !== 'closed')
      .map((row) => ({
        ...toQueue(row),
        seq: Number(row.seq),
        actor: String(row.actor),
        next:
          row.acknowledged_at === null
            ? { deadline: 'acknowledgement' as const, dueAt: String(row.acknowledge_by) }
            : { deadline: 'feedback' as const, dueAt: String(row.feedback_by) },
      })),
    lastSeq: rows.length > 0 ? Number(rows.at(-1)!.seq) : afterSeq,
  };
}

const DEADLINE_COLUMN: Record<CaseDeadlineName, { due: string; met: string }> = {
  acknowledgement: { due: 'acknowledge_by', met: 'acknowledged_at' },
  feedback: { due: 'feedback_by', met: 'feedback_given_at' },
};

/**
 * Open cases whose `deadline`, not yet met, falls in `(from, to]`, by due instant then id, from
 * the partial index of that deadline (`cases_acknowledge_due`, `cases_feedback_due`). `after`
 * resumes a window that had more than `limit`.
 */
export async function listCaseDeadlinesDue(
  executor: Executor,
  deadline: CaseDeadlineName,
  window: { from: string; to: string; after?: { dueAt: string; caseId: string } },
  limit: number,
): Promise<CaseDeadline[]> {
  const { due, met } = DEADLINE_COLUMN[deadline];
  const after = window.after;
  const rows = (
    await executor.execute({
      sql: `SELECT ${QUEUE_COLUMNS}, c.${due} AS due_at FROM cases c
            WHERE c.${met} IS NULL AND c.state <> 'closed' AND c.${due} > ? AND c.${due} <= ?
              ${after ? `AND (c.${due}, c.id) > (?, ?)` : ''}
            ORDER BY c.${due}, c.id LIMIT ?`,
      args: [window.from, window.to, ...(after ? [after.dueAt, after.caseId] : []), limit],
    })
  ).rows;
  return rows.map((row) => ({ ...toQueue(row), deadline, dueAt: String(row.due_at) }));
}

/** The queues of some cases (a lead's case), by id. */
export async function caseQueues(
  executor: Executor,
  caseIds: readonly string[],
): Promise<Map<string, CaseQueue>> {
  if (caseIds.length === 0) return new Map();
  const rows = (
    await executor.execute({
      sql: `SELECT ${QUEUE_COLUMNS} FROM cases c WHERE c.id IN (${caseIds.map(() => '?').join(',')})`,
      args: [...caseIds],
    })
  ).rows;
  return new Map(rows.map((row) => [String(row.id), toQueue(row)]));
}
