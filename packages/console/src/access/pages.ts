import type { MessageKey } from '../i18n/zh.js';
import { ALL_ROLES, type ConsoleOperation, can, type StaffRole } from './operation-roles.js';

export type PageKey =
  | 'dashboard'
  | 'cases'
  | 'rewards'
  | 'platforms'
  | 'relisting'
  | 'risk'
  | 'audit'
  | 'admin';

export interface PageEntry {
  key: PageKey;
  path: string;
  label: MessageKey;
  /** The operation the page cannot work without. */
  operation: ConsoleOperation;
  /** The roles whose work the page is (a subset of those the operation allows). */
  roles: readonly StaffRole[];
}

/** The console's pages in menu order; the menu shows a role only the pages of its work. */
export const PAGES: readonly PageEntry[] = [
  { key: 'dashboard', path: '/', label: 'menu.dashboard', operation: 'getMetrics', roles: ALL_ROLES },
  {
    key: 'cases',
    path: '/cases',
    label: 'menu.cases',
    operation: 'listCases',
    roles: ['intake', 'district_handler', 'detachment_handler', 'auditor', 'admin'],
  },
  {
    key: 'rewards',
    path: '/rewards',
    label: 'menu.rewards',
    operation: 'listRewardClaims',
    roles: ['district_handler', 'detachment_handler', 'reward_committee', 'finance', 'auditor', 'admin'],
  },
  {
    key: 'platforms',
    path: '/platforms',
    label: 'menu.platforms',
    operation: 'getPlatform',
    roles: ['intake', 'district_handler', 'detachment_handler', 'auditor', 'admin'],
  },
  {
    key: 'relisting',
    path: '/relisting',
    label: 'menu.relisting',
    operation: 'listRelistingRequests',
    roles: ['district_handler', 'detachment_handler', 'auditor', 'admin'],
  },
  {
    key: 'risk',
    path: '/risk',
    label: 'menu.risk',
    operation: 'listShopRisks',
    roles: ['intake', 'district_handler', 'detachment_handler', 'admin'],
  },
  {
    key: 'audit',
    path: '/audit',
    label: 'menu.audit',
    operation: 'listAuditEvents',
    roles: ['auditor', 'admin'],
  },
  { key: 'admin', path: '/admin', label: 'menu.admin', operation: 'listPartners', roles: ['admin'] },
];

export function pageFor(key: PageKey): PageEntry {
  return PAGES.find((page) => page.key === key)!;
}

/** The pages someone with `roles` sees in the menu and may open. */
export function pagesFor(roles: readonly StaffRole[]): PageEntry[] {
  return PAGES.filter(
    (page) => can(roles, page.operation) && page.roles.some((role) => roles.includes(role)),
  );
}
