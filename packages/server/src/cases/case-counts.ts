import type { Schema } from '@ezhili/contract';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { queuePart } from './case-access.js';
import { type CaseListFilter, queuesToWalk } from './case-list.js';
import { type CaseState, OVERDUE_CONDITION } from './case-records.js';

export type CaseCounts = Schema<'CaseCounts'>;

const STATES: readonly CaseState[] = ['received', 'triaged', 'investigating', 'closed'];

/**
 * The caller's cases per state and overdue, from the same queues as the list: one count per
 * queue and state on its covering index (`cases_scope_state*`), the overdue ones on the partial
 * indexes of open cases. A count of closed cases grows with history, but reads only index entries.
 */
export async function countCases(
  db: Executor,
  staff: StaffPrincipal,
  filter: Pick<CaseListFilter, 'assignedUnit' | 'districtCode'>,
  now: Date,
): Promise<CaseCounts> {
  const counts: CaseCounts = { received: 0, triaged: 0, investigating: 0, closed: 0, overdue: 0 };
  const queues = await queuesToWalk(db, staff, filter);
  if (queues === null) return counts;
  const parts = queues === 'all' ? [{ where: '1', args: [] as string[] }] : queues.map(queuePart);
  const district = filter.districtCode
    ? { where: ' AND shop_district_code = ?', args: [filter.districtCode] }
    : { where: '', args: [] };
  const at = now.toISOString();
  for (const part of parts) {
    for (const state of STATES) {
      counts[state] += await count(db, `${part.where} AND state = ?${district.where}`, [
        ...part.args,
        state,
        ...district.args,
      ]);
    }
    counts.overdue += await count(db, `${part.where}${district.where} AND ${OVERDUE_CONDITION}`, [
      ...part.args,
      ...district.args,
      at,
      at,
    ]);
  }
  return counts;
}

async function count(db: Executor, where: string, args: (string | number)[]): Promise<number> {
  const result = await db.execute({ sql: `SELECT COUNT(*) AS n FROM cases WHERE ${where}`, args });
  return Number(result.rows[0]!.n);
}
