import type { Schema } from '@ezhili/contract';
import type { Executor, InStatement } from '../db/database.js';
import { newId } from '../ids/ids.js';
import type { CaseRecord, CaseState } from './case-records.js';

type CaseTransition = Schema<'CaseTransition'>;

/**
 * The row that records one step of a case's state machine (`case_transitions`): who moved it,
 * from which state to which, and why. Every state change writes one, in its own transaction.
 */
export function transitionStatement(
  record: CaseRecord,
  action: CaseTransition['action'],
  toState: CaseState,
  actor: string,
  details: Record<string, unknown>,
  at: string,
): InStatement {
  return {
    sql: `INSERT INTO case_transitions (id, case_id, at, action, from_state, to_state, actor, details)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      newId('ctr', new Date(at)),
      record.id,
      at,
      action,
      action === 'received' ? null : record.state,
      toState,
      actor,
      JSON.stringify(details),
    ],
  };
}

export async function recordTransition(
  tx: Executor,
  ...args: Parameters<typeof transitionStatement>
): Promise<void> {
  await tx.execute(transitionStatement(...args));
}

/** A case's transitions, oldest first, for the staff view. */
export async function readTransitions(executor: Executor, caseId: string): Promise<CaseTransition[]> {
  const transitions = await executor.execute({
    sql: 'SELECT * FROM case_transitions WHERE case_id = ? ORDER BY at, rowid',
    args: [caseId],
  });
  return transitions.rows.map((row) => ({
    id: String(row.id),
    at: String(row.at),
    action: row.action as CaseTransition['action'],
    fromState: row.from_state === null ? null : (row.from_state as CaseState),
    toState: row.to_state as CaseState,
    actor: String(row.actor),
    details: JSON.parse(String(row.details)) as Record<string, unknown>,
  }));
}
