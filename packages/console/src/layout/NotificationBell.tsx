import { Badge, Button, List, Popover, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n/I18nContext.js';
import {
  type Notification,
  notificationTarget,
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotifications,
} from './notification-queries.js';
import { notificationText } from './notification-text.js';

/**
 * The header's bell: the unread count, and on click the newest notifications; one opens its case
 * (and is marked read). If the list cannot be loaded the bell stays, without a count.
 */
export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const { data } = useNotifications();
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const unread = data?.unreadCount ?? 0;

  const openOne = (notification: Notification) => {
    setOpen(false);
    if (!notification.readAt) markRead.mutate(notification.id);
    navigate(notificationTarget(notification));
  };

  const content = (
    <div style={{ width: 360 }}>
      <List
        size="small"
        dataSource={data?.items ?? []}
        locale={{ emptyText: t('notifications.empty') }}
        renderItem={(notification) => (
          <List.Item
            key={notification.id}
            style={{ cursor: 'pointer' }}
            onClick={() => openOne(notification)}
            extra={
              notification.readAt ? null : <Badge status="processing" text={t('notifications.unread')} />
            }
          >
            <Space direction="vertical" size={0}>
              <Typography.Text strong={!notification.readAt}>
                {notificationText(t, notification)}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('notification.due', { date: notification.dueDate })}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('notifications.privacy')}
        </Typography.Text>
        <Button size="small" disabled={unread === 0} onClick={() => markAll.mutate(undefined)}>
          {t('notifications.markAllRead')}
        </Button>
      </Space>
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      title={t('notifications.title')}
      content={content}
    >
      <Badge count={unread} size="small" offset={[-4, 4]}>
        <Button type="text" aria-label={t('notifications.open', { count: unread })}>
          <span aria-hidden="true">🔔</span> {t('notifications.title')}
        </Button>
      </Badge>
    </Popover>
  );
}
