import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { AppContext } from '../http/app-context.js';
import { decodeSeqCursor, encodeSeqCursor } from '../http/list-cursor.js';
import { notFound } from '../problem/problem-error.js';
import { type Notification, rowToNotification } from './notification-records.js';

const LIST = 'notifications';

/** A staff member's own notifications: list, unread count, mark read. Nobody sees another's. */
export function createNotificationService(ctx: AppContext) {
  const { db, clock, config } = ctx;

  async function unreadCount(staffId: string): Promise<number> {
    const row = (
      await db.execute({
        sql: 'SELECT count(*) AS n FROM notifications WHERE staff_id = ? AND read_at IS NULL',
        args: [staffId],
      })
    ).rows[0];
    return Number(row?.n ?? 0);
  }

  return {
    unreadCount,

    /** Newest first (insertion order: ids are random and carry no time). */
    async list(
      staff: StaffPrincipal,
      query: { unread?: boolean; cursor?: string; limit?: number },
    ): Promise<{ items: Notification[]; unreadCount: number; nextCursor: string | null }> {
      const limit = Math.min(query.limit ?? 50, 500);
      const before = query.cursor ? decodeSeqCursor(LIST, query.cursor) : undefined;
      const rows = (
        await db.execute({
          sql: `SELECT rowid AS seq, * FROM notifications
                WHERE staff_id = ? ${query.unread ? 'AND read_at IS NULL' : ''} ${before ? 'AND rowid < ?' : ''}
                ORDER BY rowid DESC LIMIT ?`,
          args: [staff.id, ...(before ? [before] : []), limit + 1],
        })
      ).rows;
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => rowToNotification(row, config.publicUrl)),
        unreadCount: await unreadCount(staff.id),
        nextCursor: rows.length > limit ? encodeSeqCursor(LIST, page.at(-1)!.seq) : null,
      };
    },

    /** Marks one read (the first reading time stays); another's notification is a 404. */
    async markRead(staff: StaffPrincipal, id: string): Promise<Notification> {
      const row = (
        await db.execute({
          sql: `UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND staff_id = ? RETURNING *`,
          args: [clock.now().toISOString(), id, staff.id],
        })
      ).rows[0];
      if (!row) throw notFound('You have no notification with this id.', 'notification_not_found');
      return rowToNotification(row, config.publicUrl);
    },

    async markAllRead(staff: StaffPrincipal): Promise<{ marked: number; unreadCount: number }> {
      const result = await db.execute({
        sql: 'UPDATE notifications SET read_at = ? WHERE staff_id = ? AND read_at IS NULL',
        args: [clock.now().toISOString(), staff.id],
      });
      return { marked: result.rowsAffected, unreadCount: await unreadCount(staff.id) };
    },
  };
}
export type NotificationService = ReturnType<typeof createNotificationService>;
