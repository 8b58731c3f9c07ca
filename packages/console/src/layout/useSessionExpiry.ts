import { App } from 'antd';
import { useEffect } from 'react';
import { useAuth } from '../auth/AuthContext.js';
import { useT } from '../i18n/I18nContext.js';

const WARN_BEFORE_MS = 2 * 60_000;
// setTimeout fires at once for delays above 2^31 - 1 ms (~24.8 days); such sessions need no timer.
const MAX_TIMER_MS = 2_147_483_647;

/** Warns two minutes before the session ends, and signs out when it has. */
export function useSessionExpiry(): void {
  const { state, expire } = useAuth();
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
          key: 'session-expiry',
          message: t('session.expiring'),
          description: t('session.expiringBody', {
            minutes: Math.max(1, Math.round(WARN_BEFORE_MS / 60_000)),
          }),
          duration: 0,
        }),
      Math.max(0, endsIn - WARN_BEFORE_MS),
    );
    const end = setTimeout(expire, Math.max(0, endsIn));
    return () => {
      clearTimeout(warn);
      clearTimeout(end);
    };
  }, [expiresAt, expire, notification, t]);
}
