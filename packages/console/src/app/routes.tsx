import { Spin } from 'antd';
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import type { PageKey } from '../access/pages.js';
import { ConsoleLayout } from '../layout/ConsoleLayout.js';
import { RequirePage } from '../layout/RequirePage.js';
import { RequireSignIn } from '../layout/RequireSignIn.js';

function Loading() {
  return <Spin fullscreen />;
}

type Loader = () => Promise<{ Component: ComponentType }>;

/** Every page is its own chunk, loaded when first opened. */
const page =
  (load: () => Promise<ComponentType>): Loader =>
  async () => ({ Component: await load() });

const PAGE_ROUTES: Record<PageKey, RouteObject[]> = {
  dashboard: [
    {
      index: true,
      lazy: page(async () => (await import('../pages/dashboard/DashboardPage.js')).DashboardPage),
    },
  ],
  cases: [
    { index: true, lazy: page(async () => (await import('../pages/cases/CaseQueuePage.js')).CaseQueuePage) },
    {
      path: ':caseId',
      lazy: page(async () => (await import('../pages/cases/CaseDetailPage.js')).CaseDetailPage),
    },
  ],
  rewards: [
    { index: true, lazy: page(async () => (await import('../pages/rewards/RewardsPage.js')).RewardsPage) },
  ],
  platforms: [
    {
      index: true,
      lazy: page(async () => (await import('../pages/platforms/PlatformsPage.js')).PlatformsPage),
    },
  ],
  relisting: [
    {
      index: true,
      lazy: page(async () => (await import('../pages/relisting/RelistingPage.js')).RelistingPage),
    },
  ],
  risk: [{ index: true, lazy: page(async () => (await import('../pages/risk/RiskPage.js')).RiskPage) }],
  audit: [{ index: true, lazy: page(async () => (await import('../pages/audit/AuditPage.js')).AuditPage) }],
  admin: [{ index: true, lazy: page(async () => (await import('../pages/admin/AdminPage.js')).AdminPage) }],
};

const PATHS: Record<PageKey, string> = {
  dashboard: '',
  cases: 'cases',
  rewards: 'rewards',
  platforms: 'platforms',
  relisting: 'relisting',
  risk: 'risk',
  audit: 'audit',
  admin: 'admin',
};

const children: RouteObject[] = [
  { path: '/login', lazy: page(async () => (await import('../pages/login/LoginPage.js')).LoginPage) },
  {
    element: <RequireSignIn />,
    children: [
      {
        element: <ConsoleLayout />,
        children: [
          ...(Object.keys(PAGE_ROUTES) as PageKey[]).map((key) => ({
            path: PATHS[key],
            element: <RequirePage page={key} />,
            children: PAGE_ROUTES[key],
          })),
          // Every official has notifications, whatever their pages: not a page of the menu.
          {
            path: 'notifications/:notificationId',
            lazy: page(
              async () =>
                (await import('../pages/notifications/OpenNotificationPage.js')).OpenNotificationPage,
            ),
          },
          { path: '*', lazy: page(async () => (await import('../layout/NotFound.js')).NotFound) },
        ],
      },
    ],
  },
];

/** The root shows a spinner while the first page's chunk loads. */
export const routes: RouteObject[] = [{ HydrateFallback: Loading, children }];
