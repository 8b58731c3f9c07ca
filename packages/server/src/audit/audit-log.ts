import type { Schema } from '@ezhili/contract';
import type { Clock } from '../clock/clock.js';
import type { Database, Executor } from '../db/database.js';
import type { IdSet } from '../db/id-set.js';
import { openSnapshotReader } from '../db/snapshot-reader.js';
import {
  AUDIT_CONTENT_HASH_SQL,
  AUDIT_EVENT_JOINS,
  AUDIT_GENESIS_HASH,
  auditChainHash,
  auditContentHash,
  canonicalJson,
  expectedHashSql,
} from './audit-chain.js';
import { type AuditVerification, type VerifyAuditOptions, verifyAuditSnapshot } from './audit-verifier.js';

export type { AuditVerification, VerifyAuditOptions };

/**
 * Who acted: `id` is a staff id, platform id, `system`, or for reporters the case's identity
 * code: never the reporter's account id, so the log cannot link one reporter's tips.
 */
export type AuditActor = Schema<'AuditEvent'>['actor'];
export type AuditActorType = AuditActor['type'];

export interface AuditEventInput {
  actor: AuditActor;
  action: string;
  subject?: { type: string; id: string };
  /** Non-personal facts about the event (states, reasons, amounts, hashes). */
  details?: Record<string, unknown>;
}

export type AuditEvent = Schema<'AuditEvent'> & {
  /** Whether retention removed the event's content (a tombstone); the chain still covers it. */
  tombstoned: boolean;
};

/** Columns of an event with its kind and refs resolved, for `rowToEvent`. */
const EVENT_COLUMNS = `e.seq, e.at, e.details, e.hash, e.content_hash, e.legacy, k.actor_type, k.action,
  k.subject_type, a.value AS actor_id, s.value AS subject_id, p.hash AS prev_hash`;

const hex = (value: unknown) => (value ? Buffer.from(value as ArrayBuffer).toString('hex') : '');

function rowToEvent(row: Record<string, unknown>): AuditEvent {
  const legacy = row.legacy ? (JSON.parse(String(row.legacy)) as { id: string; at: string }) : undefined;
  const seq = Number(row.seq);
  const subjectType = String(row.subject_type);
  return {
    seq,
    id: legacy?.id ?? `aud_${seq}`,
    at: legacy?.at ?? new Date(Number(row.at)).toISOString(),
    actor: { type: row.actor_type as AuditActorType, id: String(row.actor_id) },
    action: String(row.action),
    subject:
      subjectType === '' || row.subject_id === null
        ? null
        : { type: subjectType, id: String(row.subject_id) },
    details: row.details === null ? {} : (JSON.parse(String(row.details)) as Record<string, unknown>),
    prevHash: row.prev_hash ? hex(row.prev_hash) : AUDIT_GENESIS_HASH.toString('hex'),
    hash: hex(row.hash),
    tombstoned: row.content_hash !== null && row.content_hash !== undefined,
  };
}

/** Events past retention: older than `?`, with content, not v1, not about a kept subject. */
const EXPIRED_SQL = (keptSql: string) => `e.at < ? AND e.content_hash IS NULL AND e.legacy IS NULL
  AND (e.subject IS NULL OR e.subject NOT IN (SELECT code FROM audit_refs WHERE value IN (${keptSql})))`;

export interface AuditListFilter {
  subjectType?: string;
  subjectId?: string;
  action?: string;
  beforeSeq?: number;
  limit?: number;
}

/**
 * The append-only, hash-chained audit log (format: `audit-chain.ts`). `audit_head` holds the
 * newest link. Append inside the caller's transaction (`appendWithin`) so a decision and its
 * audit event commit together.
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
    const subjectType = input.subject?.type ?? '';
    const subjectId = input.subject?.id ?? null;
    // One round trip for the head and the codes this event needs; missing codes are added below.
    const known = (
      await tx.execute({
        sql: `SELECT h.seq, h.hash,
                (SELECT code FROM audit_kinds WHERE action = ?1 AND actor_type = ?2 AND subject_type = ?3) AS kind,
                (SELECT code FROM audit_refs WHERE value = ?4) AS actor,
                (SELECT code FROM audit_refs WHERE value = ?5) AS subject
              FROM (SELECT 1) LEFT JOIN audit_head h ON h.singleton = 1`,
        args: [input.action, input.actor.type, subjectType, input.actor.id, subjectId],
      })
    ).rows[0]!;
    const code = async (sql: string, args: (string | null)[]) =>
      Number((await tx.execute({ sql, args })).rows[0]!.code);
    const ref = (value: string) =>
      code(
        'INSERT INTO audit_refs (value) VALUES (?) ON CONFLICT (value) DO UPDATE SET value = excluded.value RETURNING code',
        [value],
      );
    const kind =
      known.kind === null
        ? await code(
            `INSERT INTO audit_kinds (action, actor_type, subject_type) VALUES (?, ?, ?)
             ON CONFLICT (action, actor_type, subject_type) DO UPDATE SET action = excluded.action RETURNING code`,
            [input.action, input.actor.type, subjectType],
          )
        : Number(known.kind);
    const actor = known.actor === null ? await ref(input.actor.id) : Number(known.actor);
    const subject =
      subjectId === null ? null : known.subject === null ? await ref(subjectId) : Number(known.subject);

    const at = this.clock.now();
    const seq = known.seq === null ? 1 : Number(known.seq) + 1;
    const prevHash = known.hash === null ? AUDIT_GENESIS_HASH : Buffer.from(known.hash as ArrayBuffer);
    const details = input.details && Object.keys(input.details).length > 0 ? input.details : {};
    const detailsJson = Object.keys(details).length > 0 ? canonicalJson(details) : null;
    const contentHash = auditContentHash({
      seq,
      atMs: at.getTime(),
      actorType: input.actor.type,
      actorId: input.actor.id,
      action: input.action,
      subjectType: subjectType === '' ? null : subjectType,
      subjectId,
      details: detailsJson,
    });
    const hash = auditChainHash(prevHash, contentHash);
    await tx.batch([
      {
        sql: 'INSERT INTO audit_events (seq, at, kind, actor, subject, details, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
        args: [seq, at.getTime(), kind, actor, subject, detailsJson, hash],
      },
      {
        sql: `INSERT INTO audit_head (singleton, seq, hash) VALUES (1, ?, ?)
              ON CONFLICT (singleton) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`,
        args: [seq, hash],
      },
    ]);
    return {
      seq,
      id: `aud_${seq}`,
      at: at.toISOString(),
      actor: input.actor,
      action: input.action,
      subject: input.subject ?? null,
      details: detailsJson === null ? {} : (JSON.parse(detailsJson) as Record<string, unknown>),
      prevHash: prevHash.toString('hex'),
      hash: hash.toString('hex'),
      tombstoned: false,
    };
  }

  /**
   * Lists events, newest first, optionally for one subject, subject type or action; `beforeSeq`
   * pages back. Each filter walks an index in `seq` order (by subject, or per matching kind,
   * merged), so a page costs the same however long the log is.
   */
  async list(filter: AuditListFilter = {}, executor: Executor = this.db): Promise<AuditEvent[]> {
    const limit = Math.min(filter.limit ?? 50, 500);
    const before = filter.beforeSeq ?? Number.MAX_SAFE_INTEGER;
    let kinds: number[] | undefined;
    if (filter.subjectType !== undefined || filter.action !== undefined) {
      const where: string[] = [];
      const args: string[] = [];
      if (filter.subjectType !== undefined) where.push('subject_type = ?') && args.push(filter.subjectType);
      if (filter.action !== undefined) where.push('action = ?') && args.push(filter.action);
      kinds = (
        await executor.execute({
          sql: `SELECT code FROM audit_kinds WHERE ${where.join(' AND ')} ORDER BY code`,
          args,
        })
      ).rows.map((row) => Number(row.code));
      if (kinds.length === 0) return [];
    }
    let seqs: number[];
    if (filter.subjectId !== undefined) {
      const subject = (
        await executor.execute({
          sql: 'SELECT code FROM audit_refs WHERE value = ?',
          args: [filter.subjectId],
        })
      ).rows[0];
      if (!subject) return [];
      const kindFilter = kinds ? `AND kind IN (${kinds.map(() => '?').join(', ')})` : '';
      seqs = (
        await executor.execute({
          sql: `SELECT seq FROM audit_events WHERE subject = ? AND seq < ? ${kindFilter} ORDER BY seq DESC LIMIT ?`,
          args: [Number(subject.code), before, ...(kinds ?? []), limit],
        })
      ).rows.map((row) => Number(row.seq));
    } else if (kinds) {
      // One index walk per kind, merged by SQLite (compound ORDER BY): no sort of the matches.
      const arm = 'SELECT seq FROM audit_events WHERE kind = ? AND seq < ?';
      seqs = (
        await executor.execute({
          sql: `${kinds.map(() => arm).join(' UNION ALL ')} ORDER BY seq DESC LIMIT ?`,
          args: [...kinds.flatMap((kind) => [kind, before]), limit],
        })
      ).rows.map((row) => Number(row.seq));
    } else {
      seqs = (
        await executor.execute({
          sql: 'SELECT seq FROM audit_events WHERE seq < ? ORDER BY seq DESC LIMIT ?',
          args: [before, limit],
        })
      ).rows.map((row) => Number(row.seq));
    }
    if (seqs.length === 0) return [];
    const rows = (
      await executor.execute({
        sql: `SELECT ${EVENT_COLUMNS} FROM audit_events e ${AUDIT_EVENT_JOINS}
              LEFT JOIN audit_events p ON p.seq = e.seq - 1
              WHERE e.seq IN (${seqs.map(() => '?').join(', ')})`,
        args: seqs,
      })
    ).rows.map((row) => rowToEvent(row));
    return rows.sort((a, b) => b.seq - a.seq);
  }

  /**
   * Events older than `beforeMs` whose content retention may drop: not yet tombstoned, not v1,
   * and not about a subject in `kept` (ids, e.g. of cases on legal hold). Oldest first.
   */
  async expiredSeqs(executor: Executor, beforeMs: number, kept: IdSet, limit: number): Promise<number[]> {
    const rows = await executor.execute({
      sql: `SELECT e.seq FROM audit_events e WHERE ${EXPIRED_SQL(kept.sql)} ORDER BY e.seq LIMIT ?`,
      args: [beforeMs, ...kept.args, limit],
    });
    return rows.rows.map((row) => Number(row.seq));
  }

  /** How many events `expiredSeqs` would return without a limit. */
  async countExpired(executor: Executor, beforeMs: number, kept: IdSet) {
    const row = (
      await executor.execute({
        sql: `SELECT count(*) AS n FROM audit_events e WHERE ${EXPIRED_SQL(kept.sql)}`,
        args: [beforeMs, ...kept.args],
      })
    ).rows[0]!;
    return Number(row.n);
  }

  /**
   * Replaces the content of events with their content hash (retention): the actor, subject and
   * details go, the time, action and hash stay, and the chain still verifies. Refuses (throws)
   * when one of the events does not verify, so a tombstone cannot hide an edit. Returns how many
   * events it tombstoned (already tombstoned ones are left as they are).
   */
  async tombstoneWithin(tx: Executor, seqs: readonly number[]): Promise<number> {
    if (seqs.length === 0) return 0;
    const list = seqs.map(() => '?').join(', ');
    const target = `e.seq IN (${list}) AND e.content_hash IS NULL AND e.legacy IS NULL`;
    const broken = (
      await tx.execute({
        sql: `SELECT e.seq FROM audit_events e ${AUDIT_EVENT_JOINS}
              LEFT JOIN audit_events p ON p.seq = e.seq - 1
              WHERE ${target} AND e.hash IS NOT ${expectedHashSql(`coalesce(p.hash, zeroblob(32))`)} LIMIT 1`,
        args: [...seqs],
      })
    ).rows[0];
    if (broken) throw new Error(`audit event ${broken.seq} does not verify; it is not tombstoned`);
    const tombstone = (
      await tx.execute({
        sql: `SELECT code FROM audit_refs WHERE value = ''`,
      })
    ).rows[0];
    const nobody = tombstone
      ? Number(tombstone.code)
      : Number((await tx.execute(`INSERT INTO audit_refs (value) VALUES ('') RETURNING code`)).rows[0]!.code);
    const result = await tx.execute({
      sql: `UPDATE audit_events AS t SET content_hash = (
              SELECT ${AUDIT_CONTENT_HASH_SQL} FROM audit_events e ${AUDIT_EVENT_JOINS} WHERE e.seq = t.seq),
              actor = ?, subject = NULL, details = NULL
            WHERE t.seq IN (${list}) AND t.content_hash IS NULL AND t.legacy IS NULL`,
      args: [nobody, ...seqs],
    });
    return result.rowsAffected;
  }

  /**
   * Verifies the chain in one consistent snapshot, off the event loop (`openSnapshotReader`):
   * from genesis, or from a trusted checkpoint (`options.from`), against the recorded head and
   * any `options.anchors`.
   */
  async verify(options: VerifyAuditOptions = {}): Promise<AuditVerification> {
    const reader = await openSnapshotReader(this.db);
    try {
      return await verifyAuditSnapshot(reader, options);
    } finally {
      await reader.close();
    }
  }
}
