import type { Clock } from '../clock/clock.js';
import { sha256Hex } from '../crypto/hashing.js';
import type { Database, Executor } from '../db/database.js';
import { newId } from '../ids/ids.js';

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export type AuditActorType = 'staff' | 'reporter' | 'platform' | 'system';

export interface AuditActor {
  type: AuditActorType;
  /**
   * Staff id, platform id, `system`, or for reporters the case's identity code: never the
   * reporter's account id, so the log cannot link one reporter's tips.
   */
  id: string;
}

export interface AuditEventInput {
  actor: AuditActor;
  action: string;
  subject?: { type: string; id: string };
  /** Non-personal facts about the event (states, reasons, amounts, hashes). */
  details?: Record<string, unknown>;
}

export interface AuditEvent {
  seq: number;
  id: string;
  at: string;
  actor: AuditActor;
  action: string;
  subject: { type: string; id: string } | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditVerification {
  intact: boolean;
  eventsChecked: number;
  headSeq: number | null;
  firstBrokenSeq: number | null;
  reason: string | null;
}

/** Canonical JSON: object keys sorted at every level, so the hash does not depend on key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function eventHash(event: Omit<AuditEvent, 'hash'>): string {
  return sha256Hex(
    canonicalJson({
      seq: event.seq,
      id: event.id,
      at: event.at,
      actor: event.actor,
      action: event.action,
      subject: event.subject,
      details: event.details,
      prevHash: event.prevHash,
    }),
  );
}

function rowToEvent(row: Record<string, unknown>): AuditEvent {
  return {
    seq: Number(row.seq),
    id: String(row.id),
    at: String(row.at),
    actor: { type: row.actor_type as AuditActorType, id: String(row.actor_id) },
    action: String(row.action),
    subject:
      row.subject_type === null || row.subject_type === undefined
        ? null
        : { type: String(row.subject_type), id: String(row.subject_id) },
    details: JSON.parse(String(row.details)) as Record<string, unknown>,
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}

/**
 * The append-only, hash-chained audit log. Each event's hash covers its content and the previous
 * event's hash; `audit_head` holds the newest link. Append inside the caller's transaction
 * (`appendWithin`) so a decision and its audit event commit together.
 */
export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** Appends one event in its own transaction. */
  append(input: AuditEventInput): Promise<AuditEvent> {
    return this.db.transaction((tx) => this.appendWithin(tx, input));
  }

  /** Appends one event inside an open write transaction. */
  async appendWithin(tx: Executor, input: AuditEventInput): Promise<AuditEvent> {
    const head = (await tx.execute('SELECT seq, hash FROM audit_head WHERE singleton = 1')).rows[0];
    const at = this.clock.now();
    const event: Omit<AuditEvent, 'hash'> = {
      seq: head ? Number(head.seq) + 1 : 1,
      id: newId('aud', at),
      at: at.toISOString(),
      actor: input.actor,
      action: input.action,
      subject: input.subject ?? null,
      details: input.details ?? {},
      prevHash: head ? String(head.hash) : AUDIT_GENESIS_HASH,
    };
    const hash = eventHash(event);
    await tx.batch([
      {
        sql: `INSERT INTO audit_events (seq, id, at, actor_type, actor_id, action, subject_type, subject_id, details, prev_hash, hash)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          event.seq,
          event.id,
          event.at,
          event.actor.type,
          event.actor.id,
          event.action,
          event.subject?.type ?? null,
          event.subject?.id ?? null,
          JSON.stringify(event.details),
          event.prevHash,
          hash,
        ],
      },
      {
        sql: `INSERT INTO audit_head (singleton, seq, hash) VALUES (1, ?, ?)
              ON CONFLICT (singleton) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
        args: [event.seq, hash],
      },
    ]);
    return { ...event, hash };
  }

  /** Lists events, newest first, optionally for one subject or action; `beforeSeq` pages back. */
  async list(
    filter: {
      subjectType?: string;
      subjectId?: string;
      action?: string;
      beforeSeq?: number;
      limit?: number;
    } = {},
  ): Promise<AuditEvent[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.subjectType) where.push('subject_type = ?') && args.push(filter.subjectType);
    if (filter.subjectId) where.push('subject_id = ?') && args.push(filter.subjectId);
    if (filter.action) where.push('action = ?') && args.push(filter.action);
    if (filter.beforeSeq !== undefined) where.push('seq < ?') && args.push(filter.beforeSeq);
    const sql = `SELECT * FROM audit_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ?`;
    args.push(Math.min(filter.limit ?? 50, 500));
    const result = await this.db.execute({ sql, args });
    return result.rows.map((row) => rowToEvent(row as unknown as Record<string, unknown>));
  }

  /** Recomputes the whole chain; detects altered, inserted, reordered or deleted events. */
  async verify(): Promise<AuditVerification> {
    const headRow = (await this.db.execute('SELECT seq, hash FROM audit_head WHERE singleton = 1')).rows[0];
    let expectedPrev = AUDIT_GENESIS_HASH;
    let expectedSeq = 1;
    let checked = 0;
    const pageSize = 1000;
    for (;;) {
      const page = await this.db.execute({
        sql: 'SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq LIMIT ?',
        args: [expectedSeq, pageSize],
      });
      for (const row of page.rows) {
        const event = rowToEvent(row as unknown as Record<string, unknown>);
        const broken = (reason: string): AuditVerification => ({
          intact: false,
          eventsChecked: checked,
          headSeq: headRow ? Number(headRow.seq) : null,
          firstBrokenSeq: expectedSeq,
          reason,
        });
        if (event.seq !== expectedSeq) return broken(`event ${expectedSeq} is missing`);
        if (event.prevHash !== expectedPrev)
          return broken(`event ${event.seq} does not link to its predecessor`);
        if (eventHash(event) !== event.hash) return broken(`event ${event.seq} was altered`);
        expectedPrev = event.hash;
        expectedSeq += 1;
        checked += 1;
      }
      if (page.rows.length < pageSize) break;
    }
    const headSeq = headRow ? Number(headRow.seq) : null;
    const lastSeq = checked === 0 ? null : expectedSeq - 1;
    if (headSeq !== lastSeq || (headRow && String(headRow.hash) !== expectedPrev)) {
      return {
        intact: false,
        eventsChecked: checked,
        headSeq,
        firstBrokenSeq: (lastSeq ?? 0) + 1,
        reason: 'the newest events were removed (the chain ends before its recorded head)',
      };
    }
    return { intact: true, eventsChecked: checked, headSeq, firstBrokenSeq: null, reason: null };
  }
}
