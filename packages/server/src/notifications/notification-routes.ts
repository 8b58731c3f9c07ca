import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { createNotificationService } from './notification-service.js';

export function registerNotificationRoutes(router: OperationRouter, ctx: AppContext): void {
  const notifications = createNotificationService(ctx);
  // Every staff member has their own notifications (possibly none).
  const anyStaff = requireStaff();
  router.handle(
    'listNotifications',
    async (c, { query }) => c.json(await notifications.list(c.get('staff'), query), 200),
    { before: [anyStaff] },
  );
  router.handle(
    'markNotificationRead',
    async (c, { params }) => c.json(await notifications.markRead(c.get('staff'), params.notificationId), 200),
    { before: [anyStaff] },
  );
  router.handle(
    'markAllNotificationsRead',
    async (c) => c.json(await notifications.markAllRead(c.get('staff')), 200),
    { before: [anyStaff] },
  );
}
