import { Alert, Spin } from 'antd';
import { useEffect, useRef } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useI18n } from '../../i18n/I18nContext.js';
import { notificationTarget, useMarkNotificationRead } from '../../layout/notification-queries.js';

/**
 * Where an email's link lands (`/console/notifications/:notificationId`): the link names the
 * notification, never the case (case ids carry their creation time). Marks it read and opens
 * its case; another official's notification is "not found".
 */
export function OpenNotificationPage() {
  const { notificationId = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const markRead = useMarkNotificationRead();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    markRead.mutate(notificationId, {
      onSuccess: (notification) => navigate(notificationTarget(notification), { replace: true }),
    });
  }, [markRead, navigate, notificationId]);

  if (markRead.isError) return <Alert type="warning" showIcon message={t('notifications.notFound')} />;
  return <Spin tip={t('notifications.opening')}>{t('notifications.opening')}</Spin>;
}
