import { assertOpenForMessages } from '../cases/reporter-contact.js';
import { createEvidenceAttachment } from '../evidence/evidence-attachment.js';
import type { StoredEvidence } from '../evidence/evidence-service.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import type { TipAccess } from '../tips/tip-access.js';
import type { Message } from './message-records.js';

type NewMessage = { body: string };

/**
 * A reporter's reply on their tip, the one use case for JSON and multipart alike: the case must
 * be open; the files are stored as they stream in (the same evidence step as a tip's), and the
 * message, the files' evidence rows (evidence of the case, downloadable by its handler) and the
 * audit event commit together, or the files are discarded.
 */
export function createReplyPosting(ctx: AppContext) {
  const { db, clock, audit } = ctx;
  const attachment = createEvidenceAttachment(ctx);

  async function record(tip: TipAccess, body: string, files: StoredEvidence[]): Promise<Message> {
    return db.transaction(async (tx) => {
      await assertOpenForMessages(tx, tip.caseId);
      const now = clock.now();
      const message: Message = {
        id: newId('msg', now),
        from: 'reporter',
        body,
        sentAt: now.toISOString(),
        attachments: files.map(({ kind, size }) => ({ kind, size })),
      };
      const evidenceRows = attachment.rows(files, tip.caseId);
      await tx.batch([
        {
          sql: `INSERT INTO messages (id, case_id, sender, author_staff_id, body, sent_at) VALUES (?, ?, 'reporter', NULL, ?, ?)`,
          args: [message.id, tip.caseId, body, message.sentAt],
        },
        ...files.flatMap((file, position) => [
          evidenceRows[position]!,
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
  }

  const posting = {
    /** The largest request body a reply with files may have. */
    maxBodyBytes: attachment.maxBodyBytes,

    /** Posts a reply with any evidence files already stored; discards them if it does not commit. */
    post(tip: TipAccess, body: string, files: StoredEvidence[] = []): Promise<Message> {
      return attachment.commitWith(files, () => record(tip, body, files));
    },

    /**
     * Posts a `multipart/form-data` reply: a reply to a closed case is refused as soon as the
     * message part arrives, before more files are stored; checked again on posting.
     */
    async postMultipart(tip: TipAccess, request: Request): Promise<Message> {
      const { value, files } = await attachment.read<NewMessage>(request, {
        part: 'message',
        schema: 'NewMessage',
        precheck: () => assertOpenForMessages(db, tip.caseId),
      });
      return posting.post(tip, value.body, files);
    },
  };
  return posting;
}
