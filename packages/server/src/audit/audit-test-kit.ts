import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';
import { AUDIT_GENESIS_HASH, auditChainHash, auditContentHash, canonicalJson } from './audit-chain.js';

/**
 * What an attacker with write access to the database could do to the audit log, for tests that
 * must prove verification catches it. Tests use these instead of writing to the tables, whose
 * layout is the audit module's business.
 */

/** Edits an event's details in place (its hash left as it was). */
export async function tamperAuditDetails(db: Executor, seq: number, details: Record<string, unknown>) {
  await db.execute({
    sql: 'UPDATE audit_events SET details = ? WHERE seq = ?',
    args: [canonicalJson(details), seq],
  });
}

/** Changes an event's action in place (its hash left as it was). */
export async function tamperAuditAction(db: Executor, seq: number, action: string) {
  await db.execute({
    sql: `INSERT INTO audit_kinds (action, actor_type, subject_type)
          SELECT ?, actor_type, subject_type FROM audit_kinds k JOIN audit_events e ON e.kind = k.code WHERE e.seq = ?
          ON CONFLICT DO NOTHING`,
    args: [action, seq],
  });
  await db.execute({
    sql: `UPDATE audit_events SET kind = (SELECT n.code FROM audit_kinds n JOIN audit_kinds o
            ON o.actor_type = n.actor_type AND o.subject_type = n.subject_type
            WHERE n.action = ?1 AND o.code = audit_events.kind) WHERE seq = ?2`,
    args: [action, seq],
  });
}

/** Deletes events (and leaves the head as it was). */
export async function deleteAuditEvents(db: Executor, fromSeq: number, toSeq = fromSeq) {
  await db.execute({ sql: 'DELETE FROM audit_events WHERE seq BETWEEN ? AND ?', args: [fromSeq, toSeq] });
}

/** Deletes the newest events and moves the head back to match: a truncation the chain alone cannot see. */
export async function truncateAuditLog(db: Executor, keepThroughSeq: number) {
  await db.execute({ sql: 'DELETE FROM audit_events WHERE seq > ?', args: [keepThroughSeq] });
  await db.execute({
    sql: 'UPDATE audit_head SET seq = ?, hash = (SELECT hash FROM audit_events WHERE seq = ?)',
    args: [keepThroughSeq, keepThroughSeq],
  });
}

/**
 * Rewrites the whole log consistently: `edit` changes events' details, then every hash from
 * genesis and the head are recomputed, as someone who knows the format and can write the
 * database would. Only an anchor kept outside the database shows it.
 */
export async function rewriteAuditLog(
  db: Executor,
  edit: (seq: number, details: Record<string, unknown>) => Record<string, unknown>,
) {
  const rows = (
    await db.execute(`SELECT e.seq, e.at, e.details, k.actor_type, k.action, k.subject_type,
        a.value AS actor_id, s.value AS subject_id
      FROM audit_events e JOIN audit_kinds k ON k.code = e.kind JOIN audit_refs a ON a.code = e.actor
      LEFT JOIN audit_refs s ON s.code = e.subject ORDER BY e.seq`)
  ).rows;
  let prev: Buffer = AUDIT_GENESIS_HASH;
  for (const row of rows) {
    const seq = Number(row.seq);
    const edited = edit(seq, row.details === null ? {} : JSON.parse(String(row.details)));
    const details = Object.keys(edited).length > 0 ? canonicalJson(edited) : null;
    const subjectType = String(row.subject_type);
    const hash = auditChainHash(
      prev,
      auditContentHash({
        seq,
        atMs: Number(row.at),
        actorType: String(row.actor_type),
        actorId: String(row.actor_id),
        action: String(row.action),
        subjectType: subjectType === '' ? null : subjectType,
        subjectId: textOrNull(row.subject_id),
        details,
      }),
    );
    await db.execute({
      sql: 'UPDATE audit_events SET details = ?, hash = ?, legacy = NULL, content_hash = NULL WHERE seq = ?',
      args: [details, hash, seq],
    });
    prev = hash;
  }
  await db.execute({ sql: 'UPDATE audit_head SET hash = ?', args: [prev] });
}
