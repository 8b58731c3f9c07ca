import type { Schema } from '@ezhili/contract';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import { addDays } from '../cases/case-records.js';
import { createCaseService } from '../cases/case-service.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { conflict } from '../problem/problem-error.js';
import type { TipAccess } from '../tips/tip-access.js';

export type Message = Schema<'Message'>;

/** Two-way anonymous messaging: the reporter writes as the identity code, the handler as "handler". */
export function createMessageService(ctx: AppContext) {
  const { db, clock, audit } = ctx;
  const cases = createCaseService(ctx);

  return {
    async listForTip(tip: TipAccess): Promise<Message[]> {
      const result = await db.execute({
        sql: 'SELECT id, sender, body, sent_at FROM messages WHERE case_id = ? ORDER BY sent_at, rowid',
        args: [tip.caseId],
      });
      return result.rows.map((row) => ({
        id: String(row.id),
        from: row.sender as Message['from'],
        body: String(row.body),
        sentAt: String(row.sent_at),
      }));
    },

    async postFromReporter(tip: TipAccess, body: string): Promise<Message> {
      return db.transaction(async (tx) => {
        const state = (await tx.execute({ sql: 'SELECT state FROM cases WHERE id = ?', args: [tip.caseId] }))
          .rows[0]?.state;
        if (state === 'closed')
          throw conflict('case_closed', 'The case is closed; it takes no more messages.');
        const now = clock.now();
        const message: Message = { id: newId('msg', now), from: 'reporter', body, sentAt: now.toISOString() };
        await tx.execute({
          sql: `INSERT INTO messages (id, case_id, sender, author_staff_id, body, sent_at) VALUES (?, ?, 'reporter', NULL, ?, ?)`,
          args: [message.id, tip.caseId, body, message.sentAt],
        });
        await audit.appendWithin(tx, {
          actor: { type: 'reporter', id: tip.identityCode },
          action: 'message.from_reporter',
          subject: { type: 'case', id: tip.caseId },
          details: { messageId: message.id },
        });
        return message;
      });
    },

    /**
     * A handler's message to the reporter. The first one acknowledges the tip if triage has not;
     * one after acknowledgement counts as feedback (EU 2019/1937 Art. 9(1)(f)).
     */
    async postFromHandler(staff: StaffPrincipal, caseId: string, body: string): Promise<Message> {
      return db.transaction(async (tx) => {
        const record = await cases.loadForAction(tx, staff, caseId);
        if (record.source !== 'tip') {
          throw conflict(
            'no_reporter',
            'This case did not come from a tip; there is no reporter to write to.',
          );
        }
        const now = clock.now();
        const at = now.toISOString();
        const message: Message = { id: newId('msg', now), from: 'handler', body, sentAt: at };
        await tx.execute({
          sql: `INSERT INTO messages (id, case_id, sender, author_staff_id, body, sent_at) VALUES (?, ?, 'handler', ?, ?, ?)`,
          args: [message.id, caseId, staff.id, body, at],
        });
        await tx.execute({
          sql: `UPDATE cases SET
                  feedback_given_at = CASE WHEN acknowledged_at IS NOT NULL THEN COALESCE(feedback_given_at, ?) ELSE feedback_given_at END,
                  feedback_by = CASE WHEN acknowledged_at IS NULL THEN ? ELSE feedback_by END,
                  acknowledged_at = COALESCE(acknowledged_at, ?),
                  updated_at = ?
                WHERE id = ?`,
          args: [at, addDays(at, cases.settings.feedbackDays), at, at, caseId],
        });
        await audit.appendWithin(tx, {
          actor: { type: 'staff', id: staff.id },
          action: 'message.to_reporter',
          subject: { type: 'case', id: caseId },
          details: { messageId: message.id },
        });
        return message;
      });
    },
  };
}
