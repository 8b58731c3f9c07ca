import { operation, type QueryParams, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { PagePromise } from '../core/page-promise.js';
import { listOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';

const listNotifications = operation('listNotifications', 'GET', '/notifications');
const markNotificationRead = operation(
  'markNotificationRead',
  'POST',
  '/notifications/{notificationId}/read',
);
const markAllNotificationsRead = operation('markAllNotificationsRead', 'POST', '/notifications/read');

/** The caller's own notifications: new cases, deadlines, overdue cases and leads (tag `notifications`). */
export class NotificationsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Newest first (`{ unread: true }` for the unread ones); the page carries `unreadCount`; `for await` walks every page. */
  list(
    query: QueryParams<'listNotifications'> = {},
    options?: RequestOptions,
  ): PagePromise<Result<'listNotifications'>> {
    return listOperation(this.#transport, listNotifications, { query }, options);
  }

  markRead(notificationId: string, options?: RequestOptions): Promise<Result<'markNotificationRead'>> {
    return this.#transport.request(markNotificationRead, { params: { notificationId } }, options);
  }

  markAllRead(options?: RequestOptions): Promise<Result<'markAllNotificationsRead'>> {
    return this.#transport.request(markAllNotificationsRead, {}, options);
  }
}
