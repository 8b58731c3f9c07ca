import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { type ReactNode, useMemo } from 'react';
import { AuthProvider, useAuth } from '../auth/AuthContext.js';
import type { ConsoleAuth } from '../auth/console-auth.js';
import { I18nProvider, type Locale, useI18n } from '../i18n/I18nContext.js';
import { createQueryClient } from './query-client.js';

function Themed({ nonce, children }: { nonce: string | undefined; children: ReactNode }) {
  const { locale } = useI18n();
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      csp={nonce ? { nonce } : undefined}
      theme={{ token: CONSOLE_THEME }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

function WithQueries({ children }: { children: ReactNode }) {
  const { expire } = useAuth();
  const client = useMemo(() => createQueryClient(expire), [expire]);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

/**
 * Ant Design's defaults with text and link colours dark enough for WCAG AA (4.5:1 on white):
 * the default secondary grey (45 % black) and link blue fall short (axe: color-contrast).
 */
const CONSOLE_THEME = {
  colorPrimary: '#1456b8',
  colorLink: '#1456b8',
  colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
  colorTextDescription: 'rgba(0, 0, 0, 0.65)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
  borderRadius: 4,
};

/** Everything a page needs around it: language, theme, session, server state. Tests use it too. */
export function AppProviders({
  auth,
  nonce,
  locale,
  children,
}: {
  auth: ConsoleAuth;
  nonce?: string | undefined;
  locale?: Locale;
  children: ReactNode;
}) {
  return (
    <I18nProvider {...(locale ? { locale } : {})}>
      <Themed nonce={nonce}>
        <AuthProvider auth={auth}>
          <WithQueries>{children}</WithQueries>
        </AuthProvider>
      </Themed>
    </I18nProvider>
  );
}
