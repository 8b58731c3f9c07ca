import type { Executor } from '../db/database.js';
import type { IdSet } from '../db/id-set.js';

/** Deletes the staff notifications about the cases (they name the identity code): with the case record. */
export async function deleteCaseNotifications(tx: Executor, cases: IdSet): Promise<void> {
  await tx.execute({ sql: `DELETE FROM notifications WHERE case_id IN (${cases.sql})`, args: cases.args });
}
