import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';
import { numberOrNull, textOrNull } from '../db/rows.js';
import { decodeSeqCursor, encodeSeqCursor } from '../http/list-cursor.js';
import { newOpaqueId } from '../ids/ids.js';
import { conflict, notFound } from '../problem/problem-error.js';

export type WebhookEventType = Schema<'WebhookEventType'>;
type WebhookDelivery = Schema<'WebhookDelivery'>;

/**
 * Puts a webhook in the durable outbox inside the caller's transaction, so the event exists
 * exactly when the record it announces does. The body is fixed here; each attempt signs it anew
 * with a fresh timestamp under the same `webhook-id`, so receivers de-duplicate by id.
 */
export async function enqueueWebhook(
  tx: Executor,
  input: { platformId: string; type: WebhookEventType; subjectId: string; data: unknown; at: Date },
): Promise<string> {
  const id = newOpaqueId('msg');
  const payload = JSON.stringify({ type: input.type, timestamp: input.at.toISOString(), data: input.data });
  await tx.execute({
    sql: `INSERT INTO webhook_outbox (id, platform_id, event_type, subject_id, payload, state, attempts, next_attempt_at, created_at)
          VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)`,
    args: [
      id,
      input.platformId,
      input.type,
      input.subjectId,
      payload,
      input.at.getTime(),
      input.at.toISOString(),
    ],
  });
  return id;
}

function rowToDelivery(row: Record<string, unknown>): WebhookDelivery {
  return {
    id: String(row.id),
    platformId: String(row.platform_id),
    eventType: row.event_type as WebhookEventType,
    state: row.state as WebhookDelivery['state'],
    attempts: Number(row.attempts),
    nextAttemptAt:
      row.state === 'pending' && row.next_attempt_at !== null
        ? new Date(Number(row.next_attempt_at)).toISOString()
        : null,
    lastStatus: numberOrNull(row.last_status),
    lastError: textOrNull(row.last_error),
    createdAt: String(row.created_at),
    deliveredAt: textOrNull(row.delivered_at),
  };
}

/** Deliveries to one platform, newest first; `state: 'dead'` lists the dead letters. */
export async function listWebhookDeliveries(
  db: Executor,
  platformId: string,
  query: { state?: WebhookDelivery['state']; cursor?: string; limit?: number },
): Promise<{ items: WebhookDelivery[]; nextCursor: string | null }> {
  const limit = query.limit ?? 50;
  const before = query.cursor ? decodeSeqCursor('webhook_deliveries', query.cursor) : null;
  // Only the conditions asked for, so the index on (platform, state) seeks in rowid order.
  const where = ['platform_id = ?'];
  const args: (string | number)[] = [platformId];
  if (query.state) where.push('state = ?') && args.push(query.state);
  if (before !== null) where.push('rowid < ?') && args.push(before);
  const rows = (
    await db.execute({
      sql: `SELECT *, rowid AS seq FROM webhook_outbox WHERE ${where.join(' AND ')} ORDER BY rowid DESC LIMIT ?`,
      args: [...args, limit + 1],
    })
  ).rows;
  const items = rows.slice(0, limit).map(rowToDelivery);
  return {
    items,
    nextCursor: rows.length > limit ? encodeSeqCursor('webhook_deliveries', rows[limit - 1]!.seq) : null,
  };
}

/** Messages still waiting for a platform (e.g. while its endpoint is disabled). */
export async function countPendingWebhooks(db: Executor, platformId: string): Promise<number> {
  const row = (
    await db.execute({
      sql: `SELECT COUNT(*) AS n FROM webhook_outbox WHERE platform_id = ? AND state = 'pending'`,
      args: [platformId],
    })
  ).rows[0];
  return Number(row?.n ?? 0);
}

/**
 * Puts a dead letter back in the outbox: same id (receivers de-duplicate on it), attempts from
 * zero, due now. Only dead messages; a pending or delivered one is a 409.
 */
export async function retryDeadWebhook(
  db: Executor,
  platformId: string,
  id: string,
  at: Date,
): Promise<WebhookDelivery> {
  const updated = await db.execute({
    sql: `UPDATE webhook_outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, lease_owner = NULL,
            lease_until = NULL WHERE id = ? AND platform_id = ? AND state = 'dead'`,
    args: [at.getTime(), id, platformId],
  });
  const row = (
    await db.execute({
      sql: 'SELECT * FROM webhook_outbox WHERE id = ? AND platform_id = ?',
      args: [id, platformId],
    })
  ).rows[0];
  if (!row) throw notFound(`No webhook delivery ${id} to platform ${platformId}.`, 'delivery_not_found');
  if (updated.rowsAffected === 0) throw conflict('delivery_not_dead', 'Only dead letters can be sent again.');
  return rowToDelivery(row);
}
