import type { StaffPrincipal } from '../auth/staff-principal.js';

/**
 * Which shops' records (leads about a shop, relisting, risk scores) a staff member reads: the
 * territorial rule of cases applied to shops. A district bureau works its own district; intake,
 * the city enforcement detachment, auditors and admins work the whole city. Roles add up, so a
 * district handler who is also a detachment handler reads city-wide.
 *
 * `undefined`: every district. A string: only shops of that district (`''` for a district
 * handler bound to none, which matches no shop).
 */
export function shopDistrictOf(staff: StaffPrincipal): string | undefined {
  const cityWide = staff.roles.some(
    (role) => role === 'admin' || role === 'auditor' || role === 'intake' || role === 'detachment_handler',
  );
  return cityWide ? undefined : (staff.districtCode ?? '');
}

/** The same rule as a SQL condition on a shop's district column, e.g. `s.district_code`. */
export function shopScope(staff: StaffPrincipal, districtColumn: string): { where: string; args: string[] } {
  const district = shopDistrictOf(staff);
  return district === undefined
    ? { where: '1', args: [] }
    : { where: `${districtColumn} = ?`, args: [district] };
}

/** Whether a shop of `districtCode` is within the staff member's reach. */
export function isShopInScope(staff: StaffPrincipal, districtCode: string | null): boolean {
  const district = shopDistrictOf(staff);
  return district === undefined || districtCode === district;
}
