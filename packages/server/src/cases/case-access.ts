import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { notFound } from '../problem/problem-error.js';
import { type CaseRecord, type CaseUnit, rowToCase } from './case-records.js';

/** A SQL condition on `cases` (no alias) with its arguments. */
export interface CaseScope {
  where: string;
  args: string[];
}

const NOTHING: CaseScope = { where: '0', args: [] };

/** One unit's queue: a district bureau's carries its district; the other units' carry none. */
export interface CaseQueueUnit {
  unit: CaseUnit;
  districtCode: string | null;
}

/**
 * The units whose cases someone's roles handle: intake's queue, the district bureau of a
 * district_handler's own district, the detachment. The one mapping from roles to units, for
 * scopes (who sees which cases) and officers (who may be assigned which cases).
 */
export function handledUnits(person: Pick<StaffPrincipal, 'roles' | 'districtCode'>): CaseQueueUnit[] {
  const units: CaseQueueUnit[] = [];
  if (person.roles.includes('intake')) units.push({ unit: 'intake', districtCode: null });
  if (person.roles.includes('district_handler') && person.districtCode) {
    units.push({ unit: 'district_bureau', districtCode: person.districtCode });
  }
  if (person.roles.includes('detachment_handler')) {
    units.push({ unit: 'enforcement_detachment', districtCode: null });
  }
  return units;
}

/**
 * The queues a staff member's roles reach (roles add up); `[]` means every case, `null` none.
 * Only the district bureau's cases carry an assigned district (see `routeFor`).
 */
export function caseScopeUnits(staff: StaffPrincipal, purpose: 'read' | 'act'): CaseQueueUnit[] | null {
  if (staff.roles.includes('admin') || (purpose === 'read' && staff.roles.includes('auditor'))) return [];
  const units = handledUnits(staff);
  return units.length === 0 ? null : units;
}

const UNIT_LITERALS: Record<CaseUnit, string> = {
  intake: "'intake'",
  district_bureau: "'district_bureau'",
  enforcement_detachment: "'enforcement_detachment'",
};

/**
 * One queue as a SQL condition: an equality on `(assigned_unit, assigned_district_code)`, so a
 * list walks one index per queue in id order (`cases_scope*` indexes).
 */
export function queuePart(queue: CaseQueueUnit): CaseScope {
  // The unit is one of three constants (never a caller's string): it stays a literal, as the
  // scope's SQL always had it.
  const unit = UNIT_LITERALS[queue.unit];
  if (!unit) throw new Error(`not a case unit: ${String(queue.unit)}`);
  return queue.districtCode === null
    ? { where: `assigned_unit = ${unit} AND assigned_district_code IS NULL`, args: [] }
    : { where: `assigned_unit = ${unit} AND assigned_district_code = ?`, args: [queue.districtCode] };
}

/**
 * The parts of a scope that add up (one per unit the roles reach), each an equality on
 * `(assigned_unit, assigned_district_code)`, so a list can walk one index per part in id order
 * (`cases_scope*` indexes). `[]` means every case; `null` none.
 */
export function caseScopeParts(staff: StaffPrincipal, purpose: 'read' | 'act'): CaseScope[] | null {
  return caseScopeUnits(staff, purpose)?.map(queuePart) ?? null;
}

/**
 * Whether a case in this queue is the staff member's as a member of its unit (not as an admin,
 * who can act on every case but whose queue it is not): `handledUnits`, for the notifications
 * module's "new case in my queue".
 */
export function servesQueue(
  staff: Pick<StaffPrincipal, 'roles' | 'districtCode'>,
  queue: { assignedUnit: CaseUnit; assignedDistrictCode: string | null },
): boolean {
  return handledUnits(staff).some(
    (unit) => unit.unit === queue.assignedUnit && unit.districtCode === queue.assignedDistrictCode,
  );
}

/**
 * Which cases a staff member may see (`read`) or act on (`act`): the unit rule of the scheme.
 * - intake: the intake queue (cases not yet routed, and those it closed at triage);
 * - district_handler: cases routed to the district bureau of their own district;
 * - detachment_handler: cases routed to the city enforcement detachment;
 * - admin: every case, read and act (to correct a misrouting);
 * - auditor: every case, read only.
 * Roles add up. Kept in SQL, from the same parts as lists, so a list and a single read can
 * never disagree.
 */
export function caseScope(staff: StaffPrincipal, purpose: 'read' | 'act'): CaseScope {
  const parts = caseScopeParts(staff, purpose);
  if (parts === null) return NOTHING;
  if (parts.length === 0) return { where: '1', args: [] };
  return {
    where: `(${parts.map((part) => `(${part.where})`).join(' OR ')})`,
    args: parts.flatMap((p) => p.args),
  };
}

/**
 * Loads a case the staff member may read or act on. A case outside the caller's unit is
 * indistinguishable from one that does not exist (404).
 */
export async function loadVisibleCase(
  executor: Executor,
  staff: StaffPrincipal,
  caseId: string,
  purpose: 'read' | 'act',
): Promise<CaseRecord> {
  const scope = caseScope(staff, purpose);
  const row = (
    await executor.execute({
      sql: `SELECT * FROM cases WHERE id = ? AND ${scope.where}`,
      args: [caseId, ...scope.args],
    })
  ).rows[0];
  if (!row) throw notFound('No case with this id is visible to you.', 'case_not_found');
  return rowToCase(row);
}

/** Whether the staff member may read or act on the case (no error, no audit). */
export async function isCaseVisible(
  executor: Executor,
  staff: StaffPrincipal,
  caseId: string,
  purpose: 'read' | 'act',
): Promise<boolean> {
  const scope = caseScope(staff, purpose);
  const row = await executor.execute({
    sql: `SELECT 1 FROM cases WHERE id = ? AND ${scope.where}`,
    args: [caseId, ...scope.args],
  });
  return row.rows.length > 0;
}

/**
 * The ids of the cases a staff member may see, as a subquery with its arguments, for modules
 * that list their own records of cases (`WHERE case_id IN (<sql>)`) without reading `cases`.
 */
export function visibleCaseIds(
  staff: StaffPrincipal,
  purpose: 'read' | 'act',
): { sql: string; args: string[] } {
  const scope = caseScope(staff, purpose);
  return { sql: `SELECT id FROM cases WHERE ${scope.where}`, args: scope.args };
}

/**
 * A join that keeps only the rows whose case (`caseIdColumn`) the staff member may see, for
 * modules that list their own records of cases newest first: `FROM my_rows r ${join.sql}`.
 * CROSS JOIN keeps the module's rows as the outer loop, so its own index gives the order and a
 * page costs a page of case lookups, not a walk over every visible case.
 */
export function visibleCasesJoin(
  staff: StaffPrincipal,
  purpose: 'read' | 'act',
  caseIdColumn: string,
): { sql: string; args: string[] } {
  const scope = caseScope(staff, purpose);
  return {
    sql: `CROSS JOIN cases visible_case ON visible_case.id = ${caseIdColumn} AND ${scope.where}`,
    args: scope.args,
  };
}

/** The staff roles that can see some case at all; for route guards. */
export const CASE_READER_ROLES = [
  'intake',
  'district_handler',
  'detachment_handler',
  'admin',
  'auditor',
] as const;
export const CASE_HANDLER_ROLES = ['district_handler', 'detachment_handler', 'admin'] as const;
export const CASE_ACTOR_ROLES = ['intake', 'district_handler', 'detachment_handler', 'admin'] as const;
