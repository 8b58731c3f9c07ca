import type { Schema } from '@ezhili/contract';
import { textOrNull } from '../db/rows.js';
import type { SnapshotReader, SnapshotRow } from '../db/snapshot-reader.js';
import {
  AUDIT_EVENT_JOINS,
  AUDIT_GENESIS_HASH,
  auditChainHash,
  auditContentHash,
  expectedHashSql,
  legacyEventHash,
} from './audit-chain.js';

/** What one pass over the chain finds: the contract's AuditVerification without the run's bookkeeping. */
export type AuditVerification = Pick<
  Schema<'AuditVerification'>,
  'intact' | 'eventsChecked' | 'headSeq' | 'headHash' | 'fromSeq' | 'firstBrokenSeq' | 'reason'
> & { tombstoned: AuditTombstones };

/** Events whose content retention removed (they still verify), as ranges of seqs. */
export type AuditTombstones = Schema<'AuditTombstones'>;

const MAX_TOMBSTONE_RANGES = 100;

/** The tombstoned events up to `lastSeq` (a partial index holds only them). */
async function readTombstones(reader: SnapshotReader, lastSeq: number): Promise<AuditTombstones> {
  const events = Number(
    (
      await reader.all('SELECT count(*) AS n FROM audit_events WHERE content_hash IS NOT NULL AND seq <= ?', [
        lastSeq,
      ])
    )[0]?.n ?? 0,
  );
  if (events === 0) return { events, ranges: [], rangesTruncated: false };
  // Consecutive seqs share seq - row_number(): one group per range.
  const rows = await reader.all(
    `SELECT min(seq) AS lo, max(seq) AS hi FROM (
       SELECT seq, seq - row_number() OVER (ORDER BY seq) AS run FROM audit_events
       WHERE content_hash IS NOT NULL AND seq <= ?)
     GROUP BY run ORDER BY lo LIMIT ?`,
    [lastSeq, MAX_TOMBSTONE_RANGES + 1],
  );
  return {
    events,
    ranges: rows
      .slice(0, MAX_TOMBSTONE_RANGES)
      .map((row) => ({ fromSeq: Number(row.lo), toSeq: Number(row.hi) })),
    rangesTruncated: rows.length > MAX_TOMBSTONE_RANGES,
  };
}

/** A recorded link of the chain: a checkpoint (seq and hex hash). */
export interface AuditAnchor {
  seq: number;
  hash: string;
  /** How reports name it, e.g. `the checkpoint of 2026-03-01T00:00:00.000Z`. */
  label?: string;
}

export interface VerifyAuditOptions {
  /** Start after this already verified event (a checkpoint): only newer events are checked. */
  from?: AuditAnchor;
  /** Links the chain must still pass through (checkpoints kept outside the database). */
  anchors?: readonly AuditAnchor[];
  /** Events per statement (default 20,000). */
  chunkSize?: number;
  /** Called after each chunk with the events checked so far and the total to check. */
  onProgress?(checked: number, total: number): void;
  /** Hash in JavaScript even where the database has `sha3()` (libSQL servers without it; tests). */
  hashInJs?: boolean;
}

const hex = (value: unknown) => (value ? Buffer.from(value as Uint8Array).toString('hex') : null);

const ROW_COLUMNS = `e.seq, e.at, e.details, e.hash, e.content_hash, e.legacy, k.actor_type, k.action,
  k.subject_type, a.value AS actor_id, s.value AS subject_id, p.seq AS prev_seq, p.hash AS prev_hash`;

/** The first event at which the chain breaks, and why. */
interface ChainBreak {
  seq: number;
  reason: string;
}

/** Whether the database can hash (libsql's SQLite has `sha3()`; a plain SQLite server may not). */
async function hasSha3(reader: SnapshotReader): Promise<boolean> {
  try {
    await reader.all("SELECT sha3('')");
    return true;
  } catch {
    return false;
  }
}

async function firstMissing(reader: SnapshotReader, seq: number): Promise<ChainBreak> {
  const before = (await reader.all('SELECT max(seq) AS seq FROM audit_events WHERE seq < ?', [seq]))[0];
  const missing = Number(before?.seq ?? 0) + 1;
  return { seq: missing, reason: `event ${missing} is missing` };
}

/** The database hashes every v2 event of the range itself; answers the first broken one. */
async function checkRangeInSql(
  reader: SnapshotReader,
  lo: number,
  hi: number,
  firstV2: number,
): Promise<ChainBreak | undefined> {
  const row = (
    await reader.all(
      `SELECT e.seq, e.seq > 1 AND p.seq IS NULL AS gap FROM audit_events e ${AUDIT_EVENT_JOINS}
       LEFT JOIN audit_events p ON p.seq = e.seq - 1
       WHERE e.seq BETWEEN ?1 AND ?2 AND (
         (e.seq > 1 AND p.seq IS NULL)
         OR (e.seq >= ?3 AND (e.legacy IS NOT NULL OR e.hash IS NOT ${expectedHashSql('coalesce(p.hash, zeroblob(32))')}))
       ) ORDER BY e.seq LIMIT 1`,
      [lo, hi, firstV2],
    )
  )[0];
  if (!row) return undefined;
  if (Number(row.gap)) return firstMissing(reader, Number(row.seq));
  return { seq: Number(row.seq), reason: `event ${row.seq} was altered or does not link to its predecessor` };
}

function checkRowInJs(row: SnapshotRow, firstV2: number): string | undefined {
  const seq = Number(row.seq);
  const prev = row.prev_hash ? Buffer.from(row.prev_hash as Uint8Array) : AUDIT_GENESIS_HASH;
  const subjectType = textOrNull(row.subject_type);
  if (row.legacy !== null) {
    if (seq >= firstV2) return 'altered';
    let legacy: { id: string; at: string };
    let details: Record<string, unknown>;
    try {
      legacy = JSON.parse(String(row.legacy)) as { id: string; at: string };
      details = JSON.parse(String(row.details ?? '{}')) as Record<string, unknown>;
    } catch {
      return 'altered';
    }
    const expected = legacyEventHash({
      seq,
      id: legacy.id,
      at: legacy.at,
      actor: { type: String(row.actor_type), id: String(row.actor_id) },
      action: String(row.action),
      subject: subjectType ? { type: subjectType, id: String(row.subject_id) } : null,
      details,
      prevHash: prev.toString('hex'),
    });
    return expected === hex(row.hash) ? undefined : 'altered';
  }
  const contentHash = row.content_hash
    ? Buffer.from(row.content_hash as Uint8Array)
    : auditContentHash({
        seq,
        atMs: Number(row.at),
        actorType: String(row.actor_type),
        actorId: String(row.actor_id),
        action: String(row.action),
        subjectType: subjectType === '' ? null : subjectType,
        subjectId: textOrNull(row.subject_id),
        details: textOrNull(row.details),
      });
  return auditChainHash(prev, contentHash).toString('hex') === hex(row.hash) ? undefined : 'altered';
}

/** Reads the range's events and hashes them here: v1 events, and databases without `sha3()`. */
async function checkRangeInJs(
  reader: SnapshotReader,
  lo: number,
  hi: number,
  firstV2: number,
): Promise<ChainBreak | undefined> {
  const page = 2000;
  for (let from = lo; from <= hi; from += page) {
    const rows = await reader.all(
      `SELECT ${ROW_COLUMNS} FROM audit_events e ${AUDIT_EVENT_JOINS}
       LEFT JOIN audit_events p ON p.seq = e.seq - 1
       WHERE e.seq BETWEEN ? AND ? ORDER BY e.seq`,
      [from, Math.min(hi, from + page - 1)],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq > 1 && row.prev_seq === null) return firstMissing(reader, seq);
      if (checkRowInJs(row, firstV2))
        return { seq, reason: `event ${seq} was altered or does not link to its predecessor` };
    }
  }
  return undefined;
}

/**
 * Verifies the audit chain as one snapshot shows it (so events written meanwhile are neither
 * seen nor missed): every event after `from` (or from genesis) links to its predecessor and
 * hashes to its stored hash, the newest event is the recorded head, and every anchor is still
 * on the chain. Detects altered, inserted, reordered and removed events, a truncated tail, and,
 * through anchors kept elsewhere, a database rewritten as a whole.
 */
export async function verifyAuditSnapshot(
  reader: SnapshotReader,
  options: VerifyAuditOptions = {},
): Promise<AuditVerification> {
  const chunk = options.chunkSize ?? 20_000;
  const head = (await reader.all('SELECT seq, hash FROM audit_head WHERE singleton = 1'))[0];
  const last = (await reader.all('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1'))[0];
  const lastSeq = last ? Number(last.seq) : 0;
  const fromSeq = options.from?.seq ?? 0;
  const headSeq = head ? Number(head.seq) : null;
  const headHash = head ? hex(head.hash) : null;
  const tombstoned = await readTombstones(reader, lastSeq);
  const outcome = (problem?: ChainBreak): AuditVerification => ({
    intact: !problem,
    eventsChecked: problem ? Math.max(0, problem.seq - 1 - fromSeq) : Math.max(0, lastSeq - fromSeq),
    headSeq,
    headHash,
    fromSeq,
    firstBrokenSeq: problem?.seq ?? null,
    reason: problem?.reason ?? null,
    tombstoned,
  });

  if (options.from) {
    const start = (await reader.all('SELECT hash FROM audit_events WHERE seq = ?', [fromSeq]))[0];
    if (!start || hex(start.hash) !== options.from.hash) {
      return outcome({
        seq: fromSeq,
        reason: `event ${fromSeq} no longer matches ${options.from.label ?? 'the checkpoint this run started from'}`,
      });
    }
  }
  // v1 events, from before the compact format, come first; the database cannot hash them.
  const firstV2 = Number(
    (await reader.all('SELECT seq FROM audit_events WHERE legacy IS NULL ORDER BY seq LIMIT 1'))[0]?.seq ??
      lastSeq + 1,
  );
  const inSql = !options.hashInJs && (await hasSha3(reader));
  const total = Math.max(0, lastSeq - fromSeq);
  for (let lo = fromSeq + 1; lo <= lastSeq; lo += chunk) {
    const hi = Math.min(lastSeq, lo + chunk - 1);
    const problem = inSql
      ? ((lo < firstV2 ? await checkRangeInJs(reader, lo, Math.min(hi, firstV2 - 1), firstV2) : undefined) ??
        (await checkRangeInSql(reader, lo, hi, firstV2)))
      : await checkRangeInJs(reader, lo, hi, firstV2);
    if (problem) return outcome(problem);
    options.onProgress?.(hi - fromSeq, total);
  }
  if (headSeq !== (last ? lastSeq : null) || (last && headHash !== hex(last.hash))) {
    return outcome({
      seq: lastSeq + 1,
      reason:
        headSeq !== null && headSeq < lastSeq
          ? `the recorded head (event ${headSeq}) is older than the newest event`
          : 'the newest events were removed (the chain ends before its recorded head)',
    });
  }
  for (const anchor of [...(options.anchors ?? [])].sort((a, b) => a.seq - b.seq)) {
    const label = anchor.label ?? `the checkpoint at event ${anchor.seq}`;
    if (anchor.seq > lastSeq) {
      return outcome({ seq: lastSeq + 1, reason: `the log ends before ${label}: newer events were removed` });
    }
    const row = (await reader.all('SELECT hash FROM audit_events WHERE seq = ?', [anchor.seq]))[0];
    if (!row || hex(row.hash) !== anchor.hash) {
      return outcome({
        seq: anchor.seq,
        reason: `event ${anchor.seq} does not match ${label}: the log was rewritten`,
      });
    }
  }
  return outcome();
}
