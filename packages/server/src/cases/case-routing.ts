import type { CaseUnit, Classification } from './case-records.js';

/** Where a classification sends a case: general → the shop's district bureau; complex → the detachment. */
export function routeFor(
  classification: Classification,
  districtCode: string,
): { assignedUnit: CaseUnit; assignedDistrictCode: string | null } {
  return classification === 'complex'
    ? { assignedUnit: 'enforcement_detachment', assignedDistrictCode: null }
    : { assignedUnit: 'district_bureau', assignedDistrictCode: districtCode };
}
