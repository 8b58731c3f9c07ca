import type { Executor } from '../db/database.js';

/** A text of a case that staff may redact: its description, or one of its internal notes. */
export type CaseTextTarget = { type: 'description' } | { type: 'note'; id: string };

/** The text as it is now, or undefined when the case has no such note. */
export async function readCaseText(
  executor: Executor,
  caseId: string,
  target: CaseTextTarget,
): Promise<string | undefined> {
  const row = (
    target.type === 'description'
      ? await executor.execute({ sql: 'SELECT description AS text FROM cases WHERE id = ?', args: [caseId] })
      : await executor.execute({
          sql: 'SELECT body AS text FROM case_notes WHERE id = ? AND case_id = ?',
          args: [target.id, caseId],
        })
  ).rows[0];
  return row ? String(row.text) : undefined;
}

/** Replaces the text in place (a redaction: every later read sees the masked text). */
export async function replaceCaseText(
  tx: Executor,
  caseId: string,
  target: CaseTextTarget,
  text: string,
): Promise<void> {
  if (target.type === 'description') {
    await tx.execute({ sql: 'UPDATE cases SET description = ? WHERE id = ?', args: [text, caseId] });
  } else {
    await tx.execute({
      sql: 'UPDATE case_notes SET body = ? WHERE id = ? AND case_id = ?',
      args: [text, target.id, caseId],
    });
  }
}
