import type { StaffPrincipal } from '../auth/staff-principal.js';

/** The roles that work on inspection tasks (each within its unit). */
export const TASK_ROLES = ['admin', 'district_handler', 'detachment_handler'] as const;

/**
 * Which tasks a staff member may see and complete, as SQL on `inspection_tasks` (as `alias`): the
 * territorial rule of cases. A district handler has their district bureau's tasks, a detachment
 * handler the city enforcement detachment's, an admin all. Roles add up.
 */
export function taskScope(staff: StaffPrincipal, alias = 't'): { where: string; args: string[] } {
  if (staff.roles.includes('admin')) return { where: '1', args: [] };
  const parts: string[] = [];
  const args: string[] = [];
  if (staff.roles.includes('district_handler') && staff.districtCode) {
    parts.push(`(${alias}.assigned_unit = 'district_bureau' AND ${alias}.district_code = ?)`);
    args.push(staff.districtCode);
  }
  // The detachment's tasks are those of shops without a district (`district_code IS NULL`):
  // said here so a list seeks (unit, district) like a district bureau's.
  if (staff.roles.includes('detachment_handler'))
    parts.push(`(${alias}.assigned_unit = 'enforcement_detachment' AND ${alias}.district_code IS NULL)`);
  return parts.length === 0 ? { where: '0', args: [] } : { where: `(${parts.join(' OR ')})`, args };
}
