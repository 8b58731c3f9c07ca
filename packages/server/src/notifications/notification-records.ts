import type { Schema } from '@ezhili/contract';
import { textOrNull } from '../db/rows.js';

export type Notification = Schema<'Notification'>;
export type NotificationKind = Schema<'NotificationKind'>;
export type NotificationDeadline = NonNullable<Notification['deadline']>;

/** The console page a notification links to: it names the notification, never the case. */
export function notificationLink(publicUrl: string, id: string): string {
  return `${publicUrl}/console/notifications/${id}`;
}

export function rowToNotification(row: Record<string, unknown>, publicUrl: string): Notification {
  return {
    id: String(row.id),
    kind: row.kind as NotificationKind,
    identityCode: textOrNull(row.identity_code),
    caseId: textOrNull(row.case_id),
    leadId: textOrNull(row.lead_id),
    deadline: (textOrNull(row.deadline) as NotificationDeadline | null) ?? null,
    dueDate: String(row.due_date),
    link: notificationLink(publicUrl, String(row.id)),
    readAt: textOrNull(row.read_at),
  };
}

/** The local calendar day of an instant at a fixed UTC offset, as `YYYY-MM-DD`. */
export function localDay(instant: Date | string, offsetMinutes: number): string {
  return new Date(new Date(instant).getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}
