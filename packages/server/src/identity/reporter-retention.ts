import type { Executor } from '../db/database.js';
import type { IdSet } from '../db/id-set.js';

/** Accounts not changed since `cutoff` (for those that never filed a tip). */
export function reportersUnchangedSince(cutoff: Date): IdSet {
  return { sql: 'SELECT id FROM reporters WHERE updated_at < ?', args: [cutoff.toISOString()] };
}

/**
 * Destroys reporter accounts: the payout envelope, every audit envelope (each identity version),
 * the sessions and the login index. Nothing of the identity is left to open, by anyone.
 */
export async function deleteReporters(tx: Executor, reporters: IdSet): Promise<number> {
  for (const table of ['reporter_sessions', 'reporter_audit_envelopes']) {
    await tx.execute({
      sql: `DELETE FROM ${table} WHERE reporter_id IN (${reporters.sql})`,
      args: reporters.args,
    });
  }
  return (
    await tx.execute({ sql: `DELETE FROM reporters WHERE id IN (${reporters.sql})`, args: reporters.args })
  ).rowsAffected;
}
