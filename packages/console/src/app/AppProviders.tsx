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
      theme={{ token: { colorPrimary: '#1456b8', borderRadius: 4 } }}
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
