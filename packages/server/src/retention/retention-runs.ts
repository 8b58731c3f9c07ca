import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';
import { numberOrNull, textOrNull } from '../db/rows.js';

type RetentionRun = Schema<'RetentionRun'>;
export type RetentionCounts = Schema<'RetentionCounts'>;

export const NO_DELETIONS: RetentionCounts = {
  evidence_originals: 0,
  evidence_copies: 0,
  messages: 0,
  identities: 0,
  closed_cases: 0,
  audit_events: 0,
};

function rowToRun(row: Record<string, unknown>): RetentionRun {
  return {
    id: String(row.id),
    trigger: row.trigger as RetentionRun['trigger'],
    startedAt: String(row.started_at),
    finishedAt: textOrNull(row.finished_at),
    deleted: { ...NO_DELETIONS, ...(JSON.parse(String(row.deleted)) as Partial<RetentionCounts>) },
    casesAffected: Number(row.cases_affected),
    auditSeq: numberOrNull(row.audit_seq),
  };
}

/** The newest run, finished or not. */
export async function lastRetentionRun(executor: Executor): Promise<RetentionRun | null> {
  const row = (
    await executor.execute('SELECT * FROM retention_runs ORDER BY started_at DESC, id DESC LIMIT 1')
  ).rows[0];
  return row ? rowToRun(row) : null;
}

export async function recordRunStart(
  executor: Executor,
  run: { id: string; trigger: RetentionRun['trigger']; startedAt: string },
): Promise<void> {
  await executor.execute({
    sql: 'INSERT INTO retention_runs (id, trigger, started_at) VALUES (?, ?, ?)',
    args: [run.id, run.trigger, run.startedAt],
  });
}

export async function recordRunEnd(executor: Executor, run: RetentionRun): Promise<void> {
  await executor.execute({
    sql: `UPDATE retention_runs SET finished_at = ?, deleted = ?, cases_affected = ?, audit_seq = ? WHERE id = ?`,
    args: [run.finishedAt, JSON.stringify(run.deleted), run.casesAffected, run.auditSeq, run.id],
  });
}
