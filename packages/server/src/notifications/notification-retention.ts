import type { Executor } from '../db/database.js';
import type { IdSet } from '../db/id-set.js';

/**
 * Deletes what the notifications module holds of the cases (a closed case's retention ran out):
 * their notifications, and the messages about one of them alone (a digest also names other
 * cases and stays). Answers how many notifications went.
 */
export async function deleteCaseNotifications(tx: Executor, cases: IdSet): Promise<number> {
  await tx.execute({
    sql: `DELETE FROM notification_emails WHERE digest_key IS NULL
            AND id IN (SELECT email_id FROM notifications WHERE case_id IN (${cases.sql}))`,
    args: cases.args,
  });
  const deleted = await tx.execute({
    sql: `DELETE FROM notifications WHERE case_id IN (${cases.sql})`,
    args: cases.args,
  });
  return deleted.rowsAffected;
}
