import type { StaffPrincipal } from '../auth/staff-principal.js';
import { createCaseService } from '../cases/case-service.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { conflict } from '../problem/problem-error.js';
import type { TipAccess } from '../tips/tip-access.js';
import { type Message, readCaseMessages } from './message-records.js';

export type { Message } from './message-records.js';

/**
 * Two-way anonymous messaging: the reporter writes as the identity code (see post-reply.ts), the
 * handler as "handler".
 */
export function createMessageService(ctx: AppContext) {
  const { db, clock, audit } = ctx;
  const cases = createCaseService(ctx);

  return {
    listForTip(tip: TipAccess): Promise<Message[]> {
      return readCaseMessages(db, tip.caseId, 'reporter');
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
        const message: Message = {
          id: newId('msg', now),
          from: 'handler',
          body,
          sentAt: at,
          attachments: [],
        };
        await tx.execute({
          sql: `INSERT INTO messages (id, case_id, sender, author_staff_id, body, sent_at) VALUES (?, ?, 'handler', ?, ?, ?)`,
          args: [message.id, caseId, staff.id, body, at],
        });
        await cases.recordHandlerContact(tx, caseId, at);
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
