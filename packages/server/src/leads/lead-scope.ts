import type { StaffPrincipal } from '../auth/staff-principal.js';
import { caseScope } from '../cases/case-access.js';
import { shopScope } from '../shops/shop-scope.js';

/**
 * Which leads a staff member reads, as a condition on `leads l JOIN shops s` (`LEAD_SELECT`):
 * least privilege, like cases. A lead sent from a case is visible exactly when its case is
 * (`caseScope`, one primary-key look-up per lead); a lead about a shop (from a shop or a risk
 * score, no case) when the shop is in the caller's district (`shopScope`). Auditors and admins
 * read all.
 */
export function staffLeadScope(staff: StaffPrincipal): { where: string; args: string[] } {
  const cases = caseScope(staff, 'read');
  const shops = shopScope(staff, 's.district_code');
  return {
    where: `((l.case_id IS NULL AND ${shops.where})
             OR (l.case_id IS NOT NULL AND EXISTS (SELECT 1 FROM cases visible_case
                                                   WHERE visible_case.id = l.case_id AND ${cases.where})))`,
    args: [...shops.args, ...cases.args],
  };
}
