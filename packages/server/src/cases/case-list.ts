import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { listDistricts } from '../districts/district-service.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../http/list-cursor.js';
import { type CaseQueueUnit, type CaseScope, caseScopeUnits, queuePart } from './case-access.js';
import {
  type CaseRecord,
  type CaseState,
  type CaseUnit,
  type Classification,
  OVERDUE_CONDITION,
  rowToCase,
} from './case-records.js';

export interface CaseListFilter {
  state?: CaseState | undefined;
  overdue?: boolean | undefined;
  districtCode?: string | undefined;
  /** A staff user id, `me` (the caller) or `none` (nobody assigned yet). */
  officer?: string | undefined;
  assignedUnit?: CaseUnit | undefined;
  category?: string | undefined;
  classification?: Classification | undefined;
  q?: string | undefined;
  sort?: 'newest' | 'oldest' | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/**
 * Rows one request examines per queue for the filters no index serves (category, text): the
 * walk stops there and the cursor resumes after the last row examined, so a rare category costs
 * a few more pages, never a walk over the whole history (docs/scaling.md § Lists).
 */
export const CASE_LIST_WINDOW = 2000;
const CHUNK = 200;

/** A classification decides the unit (`routeFor`); intake's cases have none yet. */
const UNIT_OF_CLASSIFICATION: Record<Classification, CaseUnit> = {
  general: 'district_bureau',
  complex: 'enforcement_detachment',
};

/**
 * The queues to walk: the caller's, narrowed to the unit asked for. Every case is one queue
 * walk per district bureau plus the two undistricted units when a unit is asked by a reader of
 * everything; `[]` (every case, one walk) when nothing narrows it.
 */
export async function queuesToWalk(
  db: Executor,
  staff: StaffPrincipal,
  filter: CaseListFilter,
): Promise<CaseQueueUnit[] | 'all' | null> {
  const scope = caseScopeUnits(staff, 'read');
  if (scope === null) return null;
  const units = [filter.assignedUnit, filter.classification && UNIT_OF_CLASSIFICATION[filter.classification]];
  const wanted = units.filter((unit): unit is CaseUnit => Boolean(unit));
  if (new Set(wanted).size > 1) return null;
  const unit = wanted[0];
  if (scope.length > 0) {
    const narrowed = unit ? scope.filter((queue) => queue.unit === unit) : scope;
    return narrowed.length === 0 ? null : narrowed;
  }
  if (!unit) return 'all';
  if (unit !== 'district_bureau') return [{ unit, districtCode: null }];
  const districts = filter.districtCode
    ? [filter.districtCode]
    : (await listDistricts(db)).map((district) => district.code);
  return districts.map((districtCode) => ({ unit, districtCode }));
}

/**
 * What the rows of a walk must also match, checked on each row read (no index serves them). The
 * classification needs no check: it is exact through the unit it decides.
 */
function residualMatcher(filter: CaseListFilter): ((record: CaseRecord) => boolean) | undefined {
  const text = filter.q?.trim().toLocaleLowerCase();
  if (!filter.category && !text) return undefined;
  return (record) =>
    (!filter.category || record.category === filter.category) &&
    (!text || staffVisibleText(record).includes(text));
}

/** The texts staff see of a case; nothing of the reporter's identity is on the case row. */
function staffVisibleText(record: CaseRecord): string {
  return [
    record.id,
    record.identityCode,
    record.description,
    record.shopName,
    record.shopAddress,
    record.closingSummary,
  ]
    .filter(Boolean)
    .join('\n')
    .toLocaleLowerCase();
}

interface Walked {
  matches: CaseRecord[];
  /** The last id examined when the queue was not walked to its end. */
  frontier: string | null;
}

/**
 * One page of the caller's cases: one index walk per queue in id order, merged. Returns the page
 * and where the next one starts (opaque cursor), or null at the end.
 */
export async function readCasePage(
  db: Executor,
  staff: StaffPrincipal,
  filter: CaseListFilter,
  now: Date,
  window = CASE_LIST_WINDOW,
): Promise<{ page: CaseRecord[]; nextCursor: string | null; limit: number }> {
  const limit = filter.limit ?? 50;
  const position = filter.cursor ? decodeCasesCursor(filter.cursor) : undefined;
  const oldest = position ? position.oldest : filter.sort === 'oldest';
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (filter.state) where.push('state = ?') && args.push(filter.state);
  if (filter.districtCode) where.push('shop_district_code = ?') && args.push(filter.districtCode);
  // Seeks cases_scope_officer / cases_officer (case-migrations.ts 0003).
  if (filter.officer === 'none') where.push('assigned_officer_id IS NULL');
  else if (filter.officer)
    where.push('assigned_officer_id = ?') && args.push(filter.officer === 'me' ? staff.id : filter.officer);
  if (filter.overdue) {
    const at = now.toISOString();
    where.push(OVERDUE_CONDITION);
    args.push(at, at);
  }
  const queues = await queuesToWalk(db, staff, filter);
  // A closed case is never overdue: the answer is known without walking every closed case.
  const empty = queues === null || (filter.overdue && filter.state === 'closed');
  const parts: CaseScope[] = empty
    ? []
    : queues === 'all'
      ? [{ where: '1', args: [] }]
      : queues.map(queuePart);
  const matcher = residualMatcher(filter);
  const walks: Walked[] = [];
  for (const part of parts) {
    walks.push(
      await walkQueue(db, part, where, args, { after: position?.id, oldest, limit, matcher, window }),
    );
  }
  // Past the first frontier some queue has rows not yet examined: the page stops there.
  const frontiers = walks.map((walk) => walk.frontier).filter((id): id is string => id !== null);
  const boundary = frontiers.length === 0 ? null : frontiers.sort()[oldest ? 0 : frontiers.length - 1]!;
  const before = (a: string, b: string) => (oldest ? a < b : a > b);
  const merged = walks
    .flatMap((walk) => walk.matches)
    .filter((record) => boundary === null || record.id === boundary || before(record.id, boundary))
    .sort((a, b) => (a.id === b.id ? 0 : before(a.id, b.id) ? -1 : 1));
  const page = merged.slice(0, limit);
  const resumeAt = merged.length > limit ? page.at(-1)!.id : boundary;
  return { page, nextCursor: resumeAt === null ? null : encodeCasesCursor(resumeAt, oldest), limit };
}

/** Walks one queue's index from `after` in list order until a page matched or the window is spent. */
async function walkQueue(
  db: Executor,
  part: CaseScope,
  where: string[],
  args: (string | number)[],
  walk: {
    after: string | undefined;
    oldest: boolean;
    limit: number;
    matcher: ((record: CaseRecord) => boolean) | undefined;
    window: number;
  },
): Promise<Walked> {
  const matches: CaseRecord[] = [];
  const chunk = walk.matcher ? Math.min(Math.max(walk.limit + 1, CHUNK), walk.window) : walk.limit + 1;
  let after = walk.after;
  let examined = 0;
  for (;;) {
    const conditions = [part.where, ...where];
    const bound: (string | number)[] = [...part.args, ...args];
    if (after !== undefined) conditions.push(walk.oldest ? 'id > ?' : 'id < ?') && bound.push(after);
    const result = await db.execute({
      sql: `SELECT * FROM cases WHERE ${conditions.join(' AND ')} ORDER BY id ${walk.oldest ? 'ASC' : 'DESC'} LIMIT ?`,
      args: [...bound, chunk],
    });
    const rows = result.rows.map((row) => rowToCase(row));
    examined += rows.length;
    matches.push(...(walk.matcher ? rows.filter(walk.matcher) : rows));
    if (rows.length < chunk) return { matches, frontier: null };
    after = rows.at(-1)!.id;
    if (matches.length > walk.limit || examined >= walk.window) return { matches, frontier: after };
  }
}

/** Newest-first cursors keep the format they always had; oldest-first ones name their order. */
function encodeCasesCursor(id: string, oldest: boolean): string {
  return oldest ? encodeCursor('cases.oldest', [id]) : encodeCursor('cases', [id]);
}

function decodeCasesCursor(cursor: string): { id: string; oldest: boolean } {
  for (const [list, oldest] of [
    ['cases', false],
    ['cases.oldest', true],
  ] as const) {
    try {
      return { id: decodeCursor(list, cursor, ['string'])[0], oldest };
    } catch {
      // not this order's cursor; try the other
    }
  }
  throw invalidCursor();
}
