import type { Executor } from '../db/database.js';

/** A message's text as it is now, or undefined when the case has no such message. */
export async function readMessageText(
  executor: Executor,
  caseId: string,
  messageId: string,
): Promise<string | undefined> {
  const row = (
    await executor.execute({
      sql: 'SELECT body FROM messages WHERE id = ? AND case_id = ?',
      args: [messageId, caseId],
    })
  ).rows[0];
  return row ? String(row.body) : undefined;
}

/** Replaces a message's text in place (a redaction: staff and the reporter then read the masked text). */
export async function replaceMessageText(
  tx: Executor,
  caseId: string,
  messageId: string,
  text: string,
): Promise<void> {
  await tx.execute({
    sql: 'UPDATE messages SET body = ? WHERE id = ? AND case_id = ?',
    args: [text, messageId, caseId],
  });
}
