import { render } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import type { StaffRole } from '../access/operation-roles.js';
import { AppProviders } from '../app/AppProviders.js';
import { routes } from '../app/routes.js';
import { bearerAuth, type ConsoleAuth, type StaffMember } from '../auth/console-auth.js';
import type { Locale } from '../i18n/I18nContext.js';
import { type FakeAnswer, fakeApi } from './fake-api.js';

export const BASE_URL = 'http://console.test';

export function staffWith(roles: StaffRole[], districtCode: string | null = null): StaffMember {
  return { id: 'stf_test', email: 'someone@demo.local', displayName: 'Test Officer', roles, districtCode };
}

export const DISTRICTS = {
  items: [
    { code: '350102', nameZh: '鼓楼区', nameEn: 'Gulou District', cityCode: '350100' },
    { code: '350103', nameZh: '台江区', nameEn: 'Taijiang District', cityCode: '350100' },
  ],
};

/** The bell's list when a test does not script one. */
export const NO_NOTIFICATIONS = { items: [], unreadCount: 0, nextCursor: null };

/**
 * Renders the whole console (routes, layout, providers) at `path`, signed in as `staff`
 * (or signed out), against a scripted API.
 */
export function renderConsole(
  path: string,
  {
    staff,
    api = {},
    locale = 'zh-CN',
  }: { staff: StaffMember | null; api?: Record<string, FakeAnswer>; locale?: Locale },
) {
  const fake = fakeApi({
    'GET /districts': { body: DISTRICTS },
    'GET /notifications': { body: NO_NOTIFICATIONS },
    ...api,
  });
  const base = bearerAuth(BASE_URL, fake.fetch);
  if (staff) base.client.setToken('test-token');
  const auth: ConsoleAuth = { ...base, resume: async () => (staff ? { staff, expiresAt: null } : null) };
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const view = render(
    <AppProviders auth={auth} locale={locale}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...view, router, requests: fake.requests, auth };
}
