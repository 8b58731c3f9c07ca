import { randomUUID } from 'node:crypto';
import type { AppContext } from '../http/app-context.js';
import { createSmtpTransport, describeSendError } from './email-transport.js';
import { NOTIFICATION_SETTINGS } from './notification-settings.js';

/** Delay before each retry, after attempt n; a message that fails them all (about 21 h) is dead. */
export const EMAIL_RETRY_DELAYS_MS = [
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  6 * 3600_000,
  12 * 3600_000,
];
const JITTER = 0.2;

export interface EmailRunResult {
  claimed: number;
  sent: number;
  failed: number;
}

interface ClaimedEmail {
  id: string;
  to: string;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * Sends the notification email outbox through the configured SMTP relay, like the webhook
 * outbox: each run claims due messages with a lease (an atomic UPDATE … RETURNING), sends, and
 * writes back only while the lease is still its own. A message recorded as sent is never sent
 * again, whatever restarts. The one window for a repeat is a crash after the relay accepted a
 * message and before `sent` was written: the lease then lapses and it is sent again, with the same
 * Message-ID (derived from the outbox id), which mail systems use to drop the duplicate.
 */
export function createEmailWorker(ctx: AppContext, options: { workerId?: string; batchSize?: number } = {}) {
  const smtp = ctx.settings.of(NOTIFICATION_SETTINGS).smtp;
  if (!smtp) throw new Error('Notification email is off: SMTP_HOST is not set.');
  const transport = createSmtpTransport(smtp);
  const workerId = options.workerId ?? `mail-${randomUUID()}`;
  const batchSize = options.batchSize ?? 20;
  const leaseMs = 3 * smtp.timeoutMs + 60_000;
  const messageDomain = new URL(ctx.config.publicUrl).hostname || 'ezhili.invalid';

  async function claim(): Promise<ClaimedEmail[]> {
    const now = ctx.clock.now().getTime();
    const claimed = await ctx.db.execute({
      sql: `UPDATE notification_emails SET lease_owner = ?, lease_until = ?
            WHERE id IN (
              SELECT id FROM notification_emails
              WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)
              ORDER BY next_attempt_at, rowid LIMIT ?)
              AND state = 'pending' AND (lease_until IS NULL OR lease_until < ?)
            RETURNING id, to_address, subject, body, attempts`,
      args: [workerId, now + leaseMs, now, now, batchSize, now],
    });
    return claimed.rows.map((row) => ({
      id: String(row.id),
      to: String(row.to_address),
      subject: String(row.subject),
      body: String(row.body),
      attempts: Number(row.attempts),
    }));
  }

  async function send(email: ClaimedEmail): Promise<boolean> {
    const fenced = 'WHERE id = ? AND lease_owner = ?';
    const attempts = email.attempts + 1;
    try {
      await transport.sendMail({
        from: smtp!.from,
        to: email.to,
        subject: email.subject,
        text: email.body,
        messageId: `<${email.id}@${messageDomain}>`,
        date: ctx.clock.now(),
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      });
    } catch (error) {
      const { permanent, summary } = describeSendError(error);
      const delay = permanent ? undefined : EMAIL_RETRY_DELAYS_MS[attempts - 1];
      const now = ctx.clock.now().getTime();
      await ctx.db.execute({
        sql: `UPDATE notification_emails SET state = ?, attempts = ?, last_error = ?, next_attempt_at = ?,
                lease_owner = NULL, lease_until = NULL ${fenced}`,
        args: [
          delay === undefined ? 'dead' : 'pending',
          attempts,
          summary,
          delay === undefined ? now : now + Math.round(delay * (1 - JITTER + Math.random() * 2 * JITTER)),
          email.id,
          workerId,
        ],
      });
      ctx.logger.warn(
        delay === undefined ? 'notification email dead-lettered' : 'notification email failed',
        {
          emailId: email.id,
          error: summary,
        },
      );
      return false;
    }
    await ctx.db.execute({
      // What was sent is not kept: the row only has to say that it was.
      sql: `UPDATE notification_emails SET state = 'sent', attempts = ?, last_error = NULL, sent_at = ?,
              subject = '', body = '', lease_owner = NULL, lease_until = NULL ${fenced}`,
      args: [attempts, ctx.clock.now().toISOString(), email.id, workerId],
    });
    return true;
  }

  return {
    workerId,
    pollIntervalMs: smtp.pollIntervalMs,
    /** Claims and sends every due message once (one connection each, in turn). */
    async runOnce(): Promise<EmailRunResult> {
      const emails = await claim();
      let sent = 0;
      for (const email of emails) if (await send(email)) sent++;
      return { claimed: emails.length, sent, failed: emails.length - sent };
    },
    close: () => transport.close(),
  };
}
export type EmailWorker = ReturnType<typeof createEmailWorker>;
