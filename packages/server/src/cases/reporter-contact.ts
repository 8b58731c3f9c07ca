import type { Executor } from '../db/database.js';
import { conflict } from '../problem/problem-error.js';
import type { CaseContext } from './case-context.js';
import { addDays } from './case-records.js';

/** Refuses (409 `case_closed`) a message on a closed case: a closed case takes no more messages. */
export async function assertOpenForMessages(executor: Executor, caseId: string): Promise<void> {
  const state = (await executor.execute({ sql: 'SELECT state FROM cases WHERE id = ?', args: [caseId] }))
    .rows[0]?.state;
  if (state === 'closed') throw conflict('case_closed', 'The case is closed; it takes no more messages.');
}

/** What writing to the reporter does to a case's deadlines (the messages module writes the message). */
export function createReporterContact({ settings }: CaseContext) {
  return {
    /**
     * A handler wrote to the reporter at `at`, inside the caller's transaction: the first contact
     * acknowledges the tip if triage has not (and starts the feedback period); one after
     * acknowledgement counts as feedback (EU 2019/1937 Art. 9(1)(b), (f)).
     */
    async recordHandlerContact(tx: Executor, caseId: string, at: string): Promise<void> {
      await tx.execute({
        sql: `UPDATE cases SET
                feedback_given_at = CASE WHEN acknowledged_at IS NOT NULL THEN COALESCE(feedback_given_at, ?) ELSE feedback_given_at END,
                feedback_by = CASE WHEN acknowledged_at IS NULL THEN ? ELSE feedback_by END,
                acknowledged_at = COALESCE(acknowledged_at, ?),
                updated_at = ?
              WHERE id = ?`,
        args: [at, addDays(at, settings.feedbackDays), at, at, caseId],
      });
    },
  };
}
