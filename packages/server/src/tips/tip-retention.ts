import type { Executor } from '../db/database.js';
import type { IdSet } from '../db/id-set.js';

/**
 * The reporter accounts all of whose tips are in `cases` (closed long enough, none on hold) and
 * none in `keptTips` (a reward still open), plus the accounts among `idleReporters` that never
 * filed a tip: whose sealed identities retention may destroy.
 */
export function reportersDue(cases: IdSet, keptTips: IdSet, idleReporters: IdSet): IdSet {
  return {
    sql: `WITH idle (reporter_id) AS (${idleReporters.sql})
          SELECT reporter_id FROM tips WHERE reporter_id IS NOT NULL GROUP BY reporter_id
            HAVING sum(case_id NOT IN (${cases.sql}) OR id IN (${keptTips.sql})) = 0
          UNION SELECT reporter_id FROM idle
            WHERE NOT EXISTS (SELECT 1 FROM tips t WHERE t.reporter_id = idle.reporter_id)`,
    args: [...idleReporters.args, ...cases.args, ...keptTips.args],
  };
}

/** Unlinks the tips of deleted reporter accounts: the tip stays, anonymous. */
export async function unlinkReporters(tx: Executor, reporters: IdSet): Promise<void> {
  await tx.execute({
    sql: `UPDATE tips SET reporter_id = NULL WHERE reporter_id IN (${reporters.sql})`,
    args: reporters.args,
  });
}

/** Deletes the tips behind the cases (the receipt secret's hash and the account link). */
export async function deleteTips(tx: Executor, cases: IdSet): Promise<number> {
  return (await tx.execute({ sql: `DELETE FROM tips WHERE case_id IN (${cases.sql})`, args: cases.args }))
    .rowsAffected;
}
