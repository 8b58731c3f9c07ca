import type { Executor } from '../db/database.js';
import type { IdSet } from '../db/id-set.js';

/**
 * Deletes the unseal requests of the cases, their (already wiped or expired) shares and the
 * notices that told the reporter: they go with the case record. The audit log keeps that each
 * request was made and opened.
 */
export async function deleteUnsealRecords(tx: Executor, cases: IdSet): Promise<void> {
  const requests = `SELECT id FROM unseal_requests WHERE case_id IN (${cases.sql})`;
  for (const sql of [
    `DELETE FROM identity_access_notices WHERE unseal_request_id IN (${requests})`,
    `DELETE FROM unseal_shares WHERE request_id IN (${requests})`,
    `DELETE FROM unseal_requests WHERE case_id IN (${cases.sql})`,
  ]) {
    await tx.execute({ sql, args: cases.args });
  }
}
