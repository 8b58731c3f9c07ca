import { sha3Bytes, sha256Hex } from '../crypto/hashing.js';

/**
 * The audit chain's format, in one place, in both JavaScript (to append) and SQL (so the
 * database itself can verify millions of events with its built-in `sha3()`).
 *
 * An event's **content** is the netstring concatenation of its fields (`<bytes>:<text>,`, or
 * `~,` for a missing one): seq, time (ms since the epoch), actor type, actor id, action, subject
 * type, subject id, details (canonical JSON, or missing for `{}`). Its `content_hash` is
 * SHA3-256 of the content; its `hash` is SHA3-256 of the previous event's hash (32 bytes) followed
 * by its content hash (32 bytes). The first event follows 32 zero bytes.
 *
 * Keeping the content hash separate is what lets retention delete an event's content and keep the
 * chain verifiable: a tombstone stores the content hash in place of the content.
 *
 * Events written before this format (v1) keep their SHA-256 hash over canonical JSON, checked
 * by `legacyEventHash`; the chain runs through them unchanged.
 */

export const AUDIT_GENESIS_HASH = Buffer.alloc(32);

export interface AuditContent {
  seq: number;
  atMs: number;
  actorType: string;
  actorId: string;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  /** Canonical JSON of the details; null for none (`{}`). */
  details: string | null;
}

const field = (value: string | null) =>
  value === null ? '~,' : `${Buffer.byteLength(value, 'utf8')}:${value},`;

export function auditContent(content: AuditContent): string {
  return [
    String(content.seq),
    String(content.atMs),
    content.actorType,
    content.actorId,
    content.action,
    content.subjectType,
    content.subjectId,
    content.details,
  ]
    .map(field)
    .join('');
}

export function auditContentHash(content: AuditContent): Buffer {
  return sha3Bytes(auditContent(content));
}

export function auditChainHash(prevHash: Uint8Array, contentHash: Uint8Array): Buffer {
  return sha3Bytes(Buffer.concat([prevHash, contentHash]));
}

/** The SQL twin of `field`, for an expression that may be NULL. */
const fieldSql = (expression: string) =>
  `CASE WHEN (${expression}) IS NULL THEN '~,' ELSE octet_length(${expression}) || ':' || (${expression}) || ',' END`;

/**
 * SQL for an event's content, over `audit_events e` joined with its kind `k` and its actor `a`
 * and subject `s` refs (see `AUDIT_EVENT_JOINS`). Must build exactly what `auditContent` does.
 */
export const AUDIT_CONTENT_SQL = [
  'CAST(e.seq AS TEXT)',
  'CAST(e.at AS TEXT)',
  'k.actor_type',
  'a.value',
  'k.action',
  "NULLIF(k.subject_type, '')",
  's.value',
  'e.details',
]
  .map(fieldSql)
  .join(' || ');

/**
 * The joins `AUDIT_CONTENT_SQL` needs, after `FROM audit_events e`. Left joins: an event whose
 * kind or ref was deleted still shows up, with missing fields, and so fails to verify.
 */
export const AUDIT_EVENT_JOINS = `LEFT JOIN audit_kinds k ON k.code = e.kind
  LEFT JOIN audit_refs a ON a.code = e.actor
  LEFT JOIN audit_refs s ON s.code = e.subject`;

/** SQL for an event's content hash: the stored one of a tombstone, else computed. */
export const AUDIT_CONTENT_HASH_SQL = `coalesce(e.content_hash, sha3(${AUDIT_CONTENT_SQL}))`;

/** SQL for the hash an event must have, given SQL for its predecessor's hash. */
export const expectedHashSql = (prevHashSql: string) =>
  `sha3(unhex(hex(${prevHashSql}) || hex(${AUDIT_CONTENT_HASH_SQL})))`;

/** Canonical JSON: object keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A v1 event as its hash saw it. */
export interface LegacyAuditEvent {
  seq: number;
  id: string;
  at: string;
  actor: { type: string; id: string };
  action: string;
  subject: { type: string; id: string } | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/** The v1 hash (hex SHA-256 of the canonical JSON of the event and its predecessor's hash). */
export function legacyEventHash(event: LegacyAuditEvent): string {
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
