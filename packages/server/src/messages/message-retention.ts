import type { Executor } from '../db/database.js';
import { countIn, type IdSet } from '../db/id-set.js';

/** The cases with messages. */
export const casesWithMessages = (): IdSet => ({ sql: 'SELECT case_id FROM messages', args: [] });

/** Messages of the cases (the retention preview). */
export const countMessages = (executor: Executor, cases: IdSet) =>
  countIn(executor, `SELECT count(*) AS n FROM messages WHERE case_id IN (${cases.sql})`, cases);

/**
 * Deletes the conversation of the cases with the reporter: the messages and which files they
 * carried (the files themselves are the case's evidence, deleted with it).
 */
export async function deleteMessages(tx: Executor, cases: IdSet): Promise<number> {
  await tx.execute({
    sql: `DELETE FROM message_attachments WHERE message_id IN (SELECT id FROM messages WHERE case_id IN (${cases.sql}))`,
    args: cases.args,
  });
  const deleted = await tx.execute({
    sql: `DELETE FROM messages WHERE case_id IN (${cases.sql})`,
    args: cases.args,
  });
  return deleted.rowsAffected;
}
