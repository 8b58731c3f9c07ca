import type { Schema } from '@ezhili/sdk';

export type CaseSummary = Schema<'CaseSummary'>;
export type CaseState = Schema<'CaseState'>;
export type CaseUnit = Schema<'CaseUnit'>;

export const CASE_STATES: readonly CaseState[] = ['received', 'triaged', 'investigating', 'closed'];
export const CASE_UNITS: readonly CaseUnit[] = ['intake', 'district_bureau', 'enforcement_detachment'];

/** What the server filters (the list operation's query parameters). */
export interface ServerCaseFilter {
  state?: CaseState | undefined;
  districtCode?: string | undefined;
  overdue?: boolean | undefined;
}

/** What the contract's list does not filter yet; applied to the pages already loaded. */
export interface LocalCaseFilter {
  unit?: CaseUnit | undefined;
  category?: string | undefined;
  classification?: 'general' | 'complex' | undefined;
  text?: string | undefined;
}

export function matchesLocal(item: CaseSummary, filter: LocalCaseFilter): boolean {
  if (filter.unit && item.assignedUnit !== filter.unit) return false;
  if (filter.category && item.category !== filter.category) return false;
  if (filter.classification && item.classification !== filter.classification) return false;
  const text = filter.text?.trim().toLowerCase();
  if (text) {
    const haystack = [item.id, item.identityCode, item.category, item.districtCode].join(' ').toLowerCase();
    if (!haystack.includes(text)) return false;
  }
  return true;
}

export function isOverdue(item: CaseSummary): boolean {
  return item.state !== 'closed' && item.deadlines.overdue.length > 0;
}

/** How many of `items` are in each state. */
export function countByState(items: readonly CaseSummary[]): Record<CaseState, number> {
  const counts: Record<CaseState, number> = { received: 0, triaged: 0, investigating: 0, closed: 0 };
  for (const item of items) counts[item.state] += 1;
  return counts;
}

/** The categories seen in `items`, sorted (the deployment configures its own list). */
export function categoriesOf(items: readonly CaseSummary[]): string[] {
  return [...new Set(items.map((item) => item.category))].sort();
}
