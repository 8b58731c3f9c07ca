import type { StaffPrincipal } from '../auth/staff-principal.js';
import { addDays } from '../cases/case-records.js';
import { createCaseService } from '../cases/case-service.js';
import type { Executor } from '../db/database.js';
import { createEvidenceService, type StoredEvidence } from '../evidence/evidence-service.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { conflict } from '../problem/problem-error.js';
import type { TipAccess } from '../tips/tip-access.js';
import { type Message, readCaseMessages } from './message-records.js';

export type { Message } from './message-records.js';

async function assertOpen(executor: Executor, caseId: string): Promise<void> {
  const state = (await executor.execute({ sql: 'SELECT state FROM cases WHERE id = ?', args: [caseId] }))
    .rows[0]?.state;
  if (state === 'closed') throw conflict('case_closed', 'The case is closed; it takes no more messages.');
}

/** Two-way anonymous messaging: the reporter writes as the identity code, the handler as "handler". */
export function createMessageService(ctx: AppContext) {
  const { db, clock, audit } = ctx;
  const cases = createCaseService(ctx);
  const evidence = createEvidenceService(ctx);

  return {
    listForTip(tip: TipAccess): Promise<Message[]> {
      return readCaseMessages(db, tip.caseId, 'reporter');
    },

    /** Refuses early (before files are stored) a reply to a closed case; checked again on posting. */
    assertOpen(tip: TipAccess): Promise<void> {
      return assertOpen(db, tip.caseId);
    },

    /**
     * A reporter's reply, with any files already stored by the evidence intake: the message, the
     * files' evidence rows (evidence of the case, downloadable by its handler) and the audit
     * event commit together. The caller discards the stored files when this throws.
     */
    async postFromReporter(tip: TipAccess, body: string, files: StoredEvidence[] = []): Promise<Message> {
      return db.transaction(async (tx) => {
        await assertOpen(tx, tip.caseId);
        const now = clock.now();
        const message: Message = {
          id: newId('msg', now),
          from: 'reporter',
          body,
          sentAt: now.toISOString(),
          attachments: files.map(({ kind, size }) => ({ kind, size })),
        };
        await tx.batch([
          {
            sql: `INSERT INTO messages (id, case_id, sender, author_staff_id, body, sent_at) VALUES (?, ?, 'reporter', NULL, ?, ?)`,
            args: [message.id, tip.caseId, body, message.sentAt],
          },
          ...files.flatMap((file, position) => [
            evidence.insertEvidenceStatement(file, tip.caseId),
            {
              sql: 'INSERT INTO message_attachments (message_id, evidence_id, position) VALUES (?, ?, ?)',
              args: [message.id, file.id, position],
            },
          ]),
        ]);
        await audit.appendWithin(tx, {
          actor: { type: 'reporter', id: tip.identityCode },
          action: 'message.from_reporter',
          subject: { type: 'case', id: tip.caseId },
          details: {
            messageId: message.id,
            ...(files.length > 0 && { evidenceSha256: files.map((file) => file.sha256) }),
          },
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
