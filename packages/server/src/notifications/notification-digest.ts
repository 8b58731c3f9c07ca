import type { AppContext } from '../http/app-context.js';
import { newOpaqueId } from '../ids/ids.js';
import type { NotifiableStaff } from '../staff/staff-service.js';
import { renderDigestEmail } from './notification-email-content.js';
import {
  localDay,
  type NotificationDeadline,
  type NotificationKind,
  notificationLink,
} from './notification-records.js';
import type { NotificationSettings } from './notification-settings.js';
import { readMark, writeMark } from './notification-store.js';

/**
 * In `digest` mode, once a local day at `NOTIFY_DIGEST_HOUR` or later: one message per staff
 * member with everything still waiting for a digest. Each message and the marking of its
 * notifications commit together; `digest_key` (staff, day) makes a second build of the same day
 * (a crash, another instance) add nothing. What arrives after the day's digest waits for the
 * next one. Returns how many digests were queued.
 */
export async function buildDigests(
  ctx: AppContext,
  settings: NotificationSettings,
  staff: readonly NotifiableStaff[],
  now: Date,
): Promise<number> {
  if (settings.emailMode !== 'digest' || !settings.smtp) return 0;
  const local = new Date(now.getTime() + settings.offsetMinutes * 60_000);
  if (local.getUTCHours() < settings.digestHour) return 0;
  const day = localDay(now, settings.offsetMinutes);
  const { db } = ctx;
  if ((await readMark(db, 'digest')) === day) return 0;
  const waiting = (
    await db.execute("SELECT DISTINCT staff_id FROM notifications WHERE email_state = 'pending'")
  ).rows.map((row) => String(row.staff_id));
  const byId = new Map(staff.map((member) => [member.id, member]));
  let queued = 0;
  for (const staffId of waiting) {
    const recipient = byId.get(staffId);
    queued += await db.transaction(async (tx) => {
      const rows = (
        await tx.execute({
          sql: `SELECT id, kind, identity_code, deadline, due_date FROM notifications
                WHERE staff_id = ? AND email_state = 'pending' ORDER BY rowid`,
          args: [staffId],
        })
      ).rows;
      const ids = rows.map((row) => String(row.id));
      const mark = (state: string, emailId: string | null) =>
        tx.execute({
          sql: `UPDATE notifications SET email_state = ?, email_id = ?
                WHERE id IN (SELECT value FROM json_each(?)) AND email_state = 'pending'`,
          args: [state, emailId, JSON.stringify(ids)],
        });
      // Disabled since: nobody to mail; the notifications stay in the API.
      if (!recipient) return mark('off', null).then(() => 0);
      const { subject, body } = renderDigestEmail(
        day,
        rows.map((row) => ({
          kind: row.kind as NotificationKind,
          identityCode: row.identity_code === null ? null : String(row.identity_code),
          deadline: (row.deadline ?? null) as NotificationDeadline | null,
          dueDate: String(row.due_date),
          link: notificationLink(ctx.config.publicUrl, String(row.id)),
        })),
      );
      const emailId = newOpaqueId('nem');
      const inserted = await tx.execute({
        sql: `INSERT INTO notification_emails (id, staff_id, to_address, digest_key, subject, body, state, next_attempt_at)
              VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (digest_key) DO NOTHING RETURNING id`,
        args: [
          emailId,
          staffId,
          recipient.notificationEmail,
          `${staffId}:${day}`,
          subject,
          body,
          now.getTime(),
        ],
      });
      if (inserted.rows.length === 0) return 0;
      await mark('queued', emailId);
      return 1;
    });
  }
  await writeMark(db, 'digest', day);
  return queued;
}
