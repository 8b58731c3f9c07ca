import { App, Button } from 'antd';
import { createElement, useEffect } from 'react';
import { useAuth } from '../auth/AuthContext.js';
import { useT } from '../i18n/I18nContext.js';

const WARN_BEFORE_MS = 2 * 60_000;
// setTimeout fires at once for delays above 2^31 - 1 ms (~24.8 days); such sessions need no timer.
const MAX_TIMER_MS = 2_147_483_647;
const KEY = 'session-expiry';

/**
 * Warns two minutes before the session ends (with "stay signed in", which counts as activity), and
 * signs out when it has. Each answer that moves the end (idle expiry) moves the timers and closes
 * a warning that is no longer due.
 */
export function useSessionExpiry(): void {
  const { state, expire, keepAlive } = useAuth();
  const { notification } = App.useApp();
  const t = useT();
  const expiresAt = state.status === 'signedIn' ? state.session.expiresAt : null;

  useEffect(() => {
    if (!expiresAt) return;
    const endsIn = Date.parse(expiresAt) - Date.now();
    if (!(endsIn < MAX_TIMER_MS)) return;
    const warn = setTimeout(
      () =>
        notification.warning({
          key: KEY,
          title: t('session.expiring'),
          description: t('session.expiringBody', {
            minutes: Math.max(1, Math.round(WARN_BEFORE_MS / 60_000)),
          }),
          actions: createElement(
            Button,
            { type: 'primary', size: 'small', onClick: () => void keepAlive().catch(expire) },
            t('session.stay'),
          ),
          duration: 0,
        }),
      Math.max(0, endsIn - WARN_BEFORE_MS),
    );
    const end = setTimeout(expire, Math.max(0, endsIn));
    return () => {
      clearTimeout(warn);
      clearTimeout(end);
      notification.destroy(KEY);
    };
  }, [expiresAt, expire, keepAlive, notification, t]);
}
