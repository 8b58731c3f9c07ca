import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';

/** What the notifications module reads about a lead whose platform missed a deadline. */
export interface LeadDeadline {
  leadId: string;
  caseId: string | null;
  platformId: string;
  /** Who made the lead (`staff:<id>`, `system:<name>`). */
  createdBy: string;
  deadline: 'lead_acknowledgement' | 'lead_action';
  dueAt: string;
}

const COLUMNS = {
  lead_acknowledgement: { due: 'acknowledge_due_at', waiting: 'acknowledged_at IS NULL' },
  lead_action: { due: 'action_due_at', waiting: 'action IS NULL' },
} as const;

/**
 * Leads whose `deadline` passed in `(from, to]` while the platform had not yet acknowledged (or
 * acted), by due instant then id, from the partial indexes `leads_acknowledge_due` and
 * `leads_action_due`.
 */
export async function listLeadDeadlinesMissed(
  executor: Executor,
  deadline: LeadDeadline['deadline'],
  window: { from: string; to: string; after?: { dueAt: string; leadId: string } },
  limit: number,
): Promise<LeadDeadline[]> {
  const { due, waiting } = COLUMNS[deadline];
  const after = window.after;
  const rows = (
    await executor.execute({
      sql: `SELECT id, case_id, platform_id, created_by, ${due} AS due_at FROM leads
            WHERE ${waiting} AND ${due} > ? AND ${due} <= ?
              ${after ? `AND (${due}, id) > (?, ?)` : ''}
            ORDER BY ${due}, id LIMIT ?`,
      args: [window.from, window.to, ...(after ? [after.dueAt, after.leadId] : []), limit],
    })
  ).rows;
  return rows.map((row) => ({
    leadId: String(row.id),
    caseId: textOrNull(row.case_id),
    platformId: String(row.platform_id),
    createdBy: String(row.created_by),
    deadline,
    dueAt: String(row.due_at),
  }));
}
