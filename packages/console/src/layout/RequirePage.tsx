import { Result } from 'antd';
import { Outlet } from 'react-router';
import { type PageKey, pagesFor } from '../access/pages.js';
import { useRoles } from '../auth/AuthContext.js';
import { useT } from '../i18n/I18nContext.js';

/** A page outside the role's menu (opened by URL) shows a refusal instead; the server refuses too. */
export function RequirePage({ page }: { page: PageKey }) {
  const roles = useRoles();
  const t = useT();
  if (!pagesFor(roles).some((entry) => entry.key === page)) {
    return <Result status="403" title="403" subTitle={t('common.notAllowed')} />;
  }
  return <Outlet />;
}
