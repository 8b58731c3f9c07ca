import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { newOpaqueId } from '../ids/ids.js';
import type { NotifiableStaff } from '../staff/staff-service.js';
import { renderNotificationEmail } from './notification-email-content.js';
import {
  localDay,
  type NotificationDeadline,
  type NotificationKind,
  notificationLink,
} from './notification-records.js';
import type { NotificationSettings } from './notification-settings.js';

/** Something staff are told about, with whom to tell. */
export interface NotificationEvent {
  kind: NotificationKind;
  /** Names the event (subject, deadline, due instant): recorded once per recipient. */
  dedupeKey: string;
  caseId: string | null;
  leadId: string | null;
  identityCode: string | null;
  deadline: NotificationDeadline | null;
  /** The event's due instant; only its local day is kept. */
  dueAt: string;
  recipients: readonly NotifiableStaff[];
}

/**
 * Records events for their recipients in the caller's transaction, each once (a repeated sweep
 * inserts nothing), and with email on: in `immediate` mode queues its message in the same
 * transaction (the outbox), in `digest` mode leaves it for the day's digest. Returns how many
 * notifications are new.
 */
export async function recordNotifications(
  tx: Executor,
  ctx: AppContext,
  settings: NotificationSettings,
  events: readonly NotificationEvent[],
): Promise<number> {
  const emailState = !settings.smtp ? 'off' : settings.emailMode === 'digest' ? 'pending' : 'queued';
  const now = ctx.clock.now().getTime();
  let recorded = 0;
  for (const event of events) {
    const dueDate = localDay(event.dueAt, settings.offsetMinutes);
    for (const recipient of event.recipients) {
      const id = newOpaqueId('ntf');
      const emailId = emailState === 'queued' ? newOpaqueId('nem') : null;
      const inserted = await tx.execute({
        sql: `INSERT INTO notifications (id, staff_id, kind, dedupe_key, case_id, lead_id, identity_code, deadline,
                due_date, email_state, email_id)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (staff_id, dedupe_key) DO NOTHING RETURNING id`,
        args: [
          id,
          recipient.id,
          event.kind,
          event.dedupeKey,
          event.caseId,
          event.leadId,
          event.identityCode,
          event.deadline,
          dueDate,
          emailState,
          emailId,
        ],
      });
      if (inserted.rows.length === 0) continue;
      recorded++;
      if (emailId) {
        const { subject, body } = renderNotificationEmail({
          kind: event.kind,
          identityCode: event.identityCode,
          deadline: event.deadline,
          dueDate,
          link: notificationLink(ctx.config.publicUrl, id),
        });
        await tx.execute({
          sql: `INSERT INTO notification_emails (id, staff_id, to_address, subject, body, state, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?)`,
          args: [emailId, recipient.id, recipient.notificationEmail, subject, body, now],
        });
      }
    }
  }
  return recorded;
}

/** A sweep's position (`notification_marks`), or undefined before its first run. */
export async function readMark(executor: Executor, name: string): Promise<string | undefined> {
  const row = (
    await executor.execute({ sql: 'SELECT mark FROM notification_marks WHERE name = ?', args: [name] })
  ).rows[0];
  return row ? String(row.mark) : undefined;
}

export async function writeMark(executor: Executor, name: string, mark: string): Promise<void> {
  await executor.execute({
    sql: `INSERT INTO notification_marks (name, mark) VALUES (?, ?)
          ON CONFLICT (name) DO UPDATE SET mark = excluded.mark`,
    args: [name, mark],
  });
}
