import type { Schema } from '@ezhili/sdk';
import { zh } from '../../i18n/zh.js';

export type CaseSummary = Schema<'CaseSummary'>;
export type CaseState = Schema<'CaseState'>;
export type CaseUnit = Schema<'CaseUnit'>;
export type CaseCounts = Schema<'CaseCounts'>;

export const CASE_STATES: readonly CaseState[] = ['received', 'triaged', 'investigating', 'closed'];
export const CASE_UNITS: readonly CaseUnit[] = ['intake', 'district_bureau', 'enforcement_detachment'];

/** The queue's filters: every one is a query parameter of the list operation (the server filters). */
export interface CaseFilter {
  state?: CaseState | undefined;
  districtCode?: string | undefined;
  overdue?: boolean | undefined;
  assignedUnit?: CaseUnit | undefined;
  /** A staff user id, `me` ("my cases") or `none` (not yet assigned). */
  officer?: string | undefined;
  category?: string | undefined;
  classification?: 'general' | 'complex' | undefined;
  q?: string | undefined;
  sort?: 'newest' | 'oldest' | undefined;
}

/** The filter as query parameters: only those set (an empty search is no search). */
export function listQuery<F extends CaseFilter>(filter: F): { [K in keyof F]?: Exclude<F[K], undefined> } {
  const query: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    query[key] = typeof value === 'string' ? value.trim() : value;
  }
  return query as { [K in keyof F]?: Exclude<F[K], undefined> };
}

export function isOverdue(item: CaseSummary): boolean {
  return item.state !== 'closed' && item.deadlines.overdue.length > 0;
}

/** The categories to offer: the default list the console has labels for, and any others seen. */
export function categoryOptions(items: readonly CaseSummary[]): string[] {
  const known = Object.keys(zh)
    .filter((key) => key.startsWith('category.'))
    .map((key) => key.slice('category.'.length));
  return [...new Set([...known, ...items.map((item) => item.category)])];
}
