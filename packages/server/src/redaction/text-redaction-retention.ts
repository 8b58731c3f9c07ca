import type { Executor } from '../db/database.js';
import type { IdSet } from '../db/id-set.js';

/**
 * Deletes the cases' text redactions with their sealed originals: of messages only when the
 * messages go, of everything when the case goes (docs/redaction.md, "What stays sealed").
 */
export async function deleteTextRedactions(
  tx: Executor,
  cases: IdSet,
  targets: 'messages' | 'all',
): Promise<number> {
  const only = targets === 'messages' ? `AND target_type = 'message'` : '';
  const deleted = await tx.execute({
    sql: `DELETE FROM text_redactions WHERE case_id IN (${cases.sql}) ${only}`,
    args: cases.args,
  });
  return deleted.rowsAffected;
}
