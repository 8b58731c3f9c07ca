import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { pagesFor } from '../access/pages.js';
import { useAuth, useStaff } from '../auth/AuthContext.js';
import { useI18n } from '../i18n/I18nContext.js';
import { NotificationBell } from './NotificationBell.js';
import { useSessionExpiry } from './useSessionExpiry.js';

/** The shell: the role's menu on the left, who is signed in and the language switch on top. */
export function ConsoleLayout() {
  const staff = useStaff();
  const { signOut } = useAuth();
  const { t, locale, setLocale } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  useSessionExpiry();

  const pages = pagesFor(staff.roles);
  const selected =
    pages
      .filter((page) => page.path === '/' || location.pathname.startsWith(page.path))
      .sort((a, b) => b.path.length - a.path.length)[0]?.key ?? 'dashboard';

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={208} theme="dark">
        <div className="console-brand">
          <Typography.Title level={4} style={{ color: '#fff', margin: '16px' }}>
            {t('app.title')}
          </Typography.Title>
        </div>
        <nav aria-label={t('app.title')}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={[selected]}
            items={pages.map((page) => ({ key: page.key, label: t(page.label) }))}
            onClick={({ key }) => navigate(pages.find((page) => page.key === key)!.path)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center' }}
        >
          <Space size="middle">
            <NotificationBell />
            <span>{staff.displayName}</span>
            {staff.roles.map((role) => (
              <Tag key={role} color="blue">
                {t(`role.${role}`)}
              </Tag>
            ))}
            <Button
              type="text"
              lang={locale === 'zh-CN' ? 'en' : 'zh-CN'}
              onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}
            >
              {t('language.switch')}
            </Button>
            <Button onClick={() => void signOut().then(() => navigate('/login'))}>
              {t('session.signOut')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 24 }}>
          <main>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
