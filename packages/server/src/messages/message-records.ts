import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';

export type Message = Schema<'Message'>;
export type CaseMessage = Schema<'CaseMessage'>;

type Audience = 'reporter' | 'staff';

/**
 * The messages of a case, oldest first, with their attachments: as the reporter sees them (kind
 * and size only) or as staff see them (the evidence file to download). The one place that reads
 * messages, for the reporter's tip view, the message list and the staff case view alike.
 */
export async function readCaseMessages(
  db: Executor,
  caseId: string,
  audience: 'reporter',
): Promise<Message[]>;
export async function readCaseMessages(
  db: Executor,
  caseId: string,
  audience: 'staff',
): Promise<CaseMessage[]>;
export async function readCaseMessages(
  db: Executor,
  caseId: string,
  audience: Audience,
): Promise<Message[] | CaseMessage[]> {
  const messages = await db.execute({
    sql: 'SELECT id, sender, body, sent_at FROM messages WHERE case_id = ? ORDER BY sent_at, rowid',
    args: [caseId],
  });
  const attachments = await db.execute({
    sql: `SELECT a.message_id, e.id AS evidence_id, e.kind, e.content_type, e.size, e.sha256
          FROM message_attachments a JOIN messages m ON m.id = a.message_id
          JOIN evidence e ON e.id = a.evidence_id
          WHERE m.case_id = ? ORDER BY a.message_id, a.position`,
    args: [caseId],
  });
  const byMessage = new Map<string, Array<CaseMessage['attachments'][number]>>();
  for (const row of attachments.rows) {
    const list = byMessage.get(String(row.message_id)) ?? [];
    list.push({
      evidenceId: String(row.evidence_id),
      kind: row.kind as 'photo' | 'video',
      contentType: String(row.content_type),
      size: Number(row.size),
      sha256: String(row.sha256),
    });
    byMessage.set(String(row.message_id), list);
  }
  return messages.rows.map((row) => {
    const files = byMessage.get(String(row.id)) ?? [];
    return {
      id: String(row.id),
      from: row.sender as Message['from'],
      body: String(row.body),
      sentAt: String(row.sent_at),
      attachments: audience === 'staff' ? files : files.map(({ kind, size }) => ({ kind, size })),
    };
  });
}
