import type { StaffPrincipal } from '../auth/staff-principal.js';

/** A SQL condition on `cases` (no alias) with its arguments. */
export interface CaseScope {
  where: string;
  args: string[];
}

const NOTHING: CaseScope = { where: '0', args: [] };

/**
 * Which cases a staff member may see (`read`) or act on (`act`): the unit rule of the scheme.
 * - intake: the intake queue (cases not yet routed, and those it closed at triage);
 * - district_handler: cases routed to the district bureau of their own district;
 * - detachment_handler: cases routed to the city enforcement detachment;
 * - admin: every case, read and act (to correct a misrouting);
 * - auditor: every case, read only.
 * Roles add up. Kept in SQL so a list and a single read can never disagree.
 */
export function caseScope(staff: StaffPrincipal, purpose: 'read' | 'act'): CaseScope {
  if (staff.roles.includes('admin') || (purpose === 'read' && staff.roles.includes('auditor'))) {
    return { where: '1', args: [] };
  }
  const parts: string[] = [];
  const args: string[] = [];
  if (staff.roles.includes('intake')) parts.push(`assigned_unit = 'intake'`);
  if (staff.roles.includes('district_handler') && staff.districtCode) {
    parts.push(`(assigned_unit = 'district_bureau' AND assigned_district_code = ?)`);
    args.push(staff.districtCode);
  }
  if (staff.roles.includes('detachment_handler')) parts.push(`assigned_unit = 'enforcement_detachment'`);
  return parts.length === 0 ? NOTHING : { where: `(${parts.join(' OR ')})`, args };
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
