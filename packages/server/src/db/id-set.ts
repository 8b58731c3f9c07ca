import type { InValue } from '@libsql/client';
import type { Executor } from './database.js';

/**
 * A set of ids as a subquery with its arguments, for `WHERE x IN (${set.sql})`: how one module
 * names rows of another (the cases due for deletion) without reading its tables.
 */
export interface IdSet {
  sql: string;
  args: InValue[];
}

/** A fixed list of ids as one JSON argument: one statement whatever the list's length. */
export function idSetOf(ids: readonly string[]): IdSet {
  return { sql: 'SELECT value FROM json_each(?)', args: [JSON.stringify(ids)] };
}

/** Runs a `SELECT count(*) AS n …` over a set and answers the number. */
export async function countIn(executor: Executor, sql: string, set: IdSet): Promise<number> {
  return Number((await executor.execute({ sql, args: set.args })).rows[0]!.n);
}
