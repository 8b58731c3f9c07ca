import type { Executor } from '../db/database.js';
import { countIn, type IdSet } from '../db/id-set.js';

/**
 * The cases closed before `cutoff`, leaving out `kept` (e.g. those on legal hold): where
 * retention counts from. Closure times are ISO strings in one format, so they compare as text.
 */
export function casesClosedBefore(cutoff: Date, kept: IdSet): IdSet {
  return {
    sql: `SELECT id FROM cases WHERE state = 'closed' AND closed_at < ? AND id NOT IN (${kept.sql})`,
    args: [cutoff.toISOString(), ...kept.args],
  };
}

/** The identity codes of a set of cases (to keep their audit events, whose actor a code may be). */
export function identityCodesOf(cases: IdSet): IdSet {
  return { sql: `SELECT identity_code FROM cases WHERE id IN (${cases.sql})`, args: cases.args };
}

/**
 * The ids and identity codes of the cases in every one of `sets` (e.g. due and still holding
 * evidence), oldest closure first, at most `limit`: one batch of a retention run.
 */
export async function listCaseCodes(
  executor: Executor,
  sets: readonly IdSet[],
  limit: number,
): Promise<{ id: string; identityCode: string }[]> {
  const rows = (
    await executor.execute({
      sql: `SELECT id, identity_code FROM cases WHERE ${sets.map((set) => `id IN (${set.sql})`).join(' AND ')}
            ORDER BY closed_at, id LIMIT ?`,
      args: [...sets.flatMap((set) => set.args), limit],
    })
  ).rows;
  return rows.map((row) => ({ id: String(row.id), identityCode: String(row.identity_code) }));
}

export const countCases = (executor: Executor, cases: IdSet) =>
  countIn(executor, `SELECT count(*) AS n FROM cases WHERE id IN (${cases.sql})`, cases);

/** Deletes the case records: the case, its history and its internal notes. */
export async function deleteCaseRecords(tx: Executor, cases: IdSet): Promise<number> {
  for (const table of ['case_transitions', 'case_notes']) {
    await tx.execute({ sql: `DELETE FROM ${table} WHERE case_id IN (${cases.sql})`, args: cases.args });
  }
  return (await tx.execute({ sql: `DELETE FROM cases WHERE id IN (${cases.sql})`, args: cases.args }))
    .rowsAffected;
}
