import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import { listCaseCodes } from '../cases/case-retention.js';
import { idSetOf } from '../db/id-set.js';
import { createEvidenceService } from '../evidence/evidence-service.js';
import type { AppContext } from '../http/app-context.js';
import { pruneIdempotencyKeys } from '../http/idempotency.js';
import { deleteReporters } from '../identity/reporter-retention.js';
import { newId } from '../ids/ids.js';
import { conflict } from '../problem/problem-error.js';
import { unlinkReporters } from '../tips/tip-retention.js';
import { countDue, dueAt } from './retention-due.js';
import { type CaseCategory, casesHolding, purgeCases } from './retention-purge.js';
import { NO_DELETIONS, type RetentionCounts, recordRunEnd, recordRunStart } from './retention-runs.js';
import { RETENTION_SETTINGS } from './retention-settings.js';

type RetentionRun = Schema<'RetentionRun'>;

export type RetentionRunOutcome =
  | { dryRun: true; asOf: string; due: RetentionCounts }
  | ({ dryRun: false } & RetentionRun);

/** Cases per transaction: each batch is one audit event naming its cases' identity codes. */
const CASE_BATCH = 200;
const REPORTER_BATCH = 200;
const AUDIT_BATCH = 5000;
const LEASE_MS = 10 * 60 * 1000;
const ACTOR: AuditActor = { type: 'system', id: 'retention' };
const CASE_CATEGORIES: readonly CaseCategory[] = [
  'evidence_originals',
  'messages',
  'evidence_copies',
  'closed_cases',
];

/** Consecutive seqs as [from, to] ranges, for the tombstoning audit event. */
function ranges(seqs: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const seq of seqs) {
    const last = out.at(-1);
    if (last && last[1] === seq - 1) last[1] = seq;
    else out.push([seq, seq]);
  }
  return out;
}

/**
 * The deletion job: deletes every category's data that is due (docs/retention.md), cases on
 * legal hold excepted, in batches of one transaction each, every batch audited in the same
 * transaction (counts and the cases' identity codes; identities by count only, so the log never
 * groups one reporter's cases). Evidence blobs are queued in the batch's transaction and removed
 * from the store after it commits; expired audit events are tombstoned (the chain stays
 * verifiable). Then the WAL is checkpointed, so with `secure_delete` the deleted bytes are gone
 * from the database files. One run at a time across instances (a lease).
 */
export async function runRetention(
  ctx: AppContext,
  options: { trigger: RetentionRun['trigger']; dryRun?: boolean },
): Promise<RetentionRunOutcome> {
  const settings = ctx.settings.of(RETENTION_SETTINGS);
  const started = ctx.clock.now();
  if (options.dryRun) {
    return { dryRun: true, asOf: started.toISOString(), due: await countDue(ctx, ctx.db, settings, started) };
  }
  const id = newId('ret', started);
  if (!(await takeLease(ctx, id))) {
    throw conflict('retention_run_in_progress', 'Another retention run is in progress; try again later.');
  }
  const evidence = createEvidenceService(ctx);
  const deleted: RetentionCounts = { ...NO_DELETIONS };
  const cases = new Set<string>();
  let auditSeq: number | null = null;
  try {
    await recordRunStart(ctx.db, { id, trigger: options.trigger, startedAt: started.toISOString() });
    await removeQueuedBlobs(ctx, evidence);
    const due = dueAt(settings, started);

    for (const category of CASE_CATEGORIES) {
      const holding = casesHolding(category);
      for (;;) {
        const batch = await ctx.db.transaction(async (tx) => {
          const codes = await listCaseCodes(
            tx,
            [due.cases(category), ...(holding ? [holding] : [])],
            CASE_BATCH,
          );
          if (codes.length === 0) return undefined;
          const purged = await purgeCases(tx, category, idSetOf(codes.map((c) => c.id)), started);
          for (const key of purged.blobKeys) {
            await tx.execute({
              sql: 'INSERT OR IGNORE INTO retention_blob_deletions (storage_key, queued_at) VALUES (?, ?)',
              args: [key, started.toISOString()],
            });
          }
          const event = await ctx.audit.appendWithin(tx, {
            actor: ACTOR,
            action: 'retention.deleted',
            subject: { type: 'retention_run', id },
            details: { category, count: purged.count, cases: codes.map((c) => c.identityCode) },
          });
          return { codes, count: purged.count, seq: event.seq };
        });
        if (!batch) break;
        deleted[category] += batch.count;
        for (const c of batch.codes) cases.add(c.id);
        auditSeq = batch.seq;
        await removeQueuedBlobs(ctx, evidence);
        await renewLease(ctx, id);
      }
    }

    for (;;) {
      const batch = await ctx.db.transaction(async (tx) => {
        const ids = (
          await tx.execute({
            sql: `SELECT reporter_id AS id FROM (${due.reporters.sql}) LIMIT ?`,
            args: [...due.reporters.args, REPORTER_BATCH],
          })
        ).rows.map((row) => String(row.id));
        if (ids.length === 0) return undefined;
        const reporters = idSetOf(ids);
        await unlinkReporters(tx, reporters);
        const count = await deleteReporters(tx, reporters);
        const event = await ctx.audit.appendWithin(tx, {
          actor: ACTOR,
          action: 'retention.deleted',
          subject: { type: 'retention_run', id },
          details: { category: 'identities', count },
        });
        return { count, seq: event.seq };
      });
      if (!batch) break;
      deleted.identities += batch.count;
      auditSeq = batch.seq;
      await renewLease(ctx, id);
    }

    for (;;) {
      const batch = await ctx.db.transaction(async (tx) => {
        const seqs = await ctx.audit.expiredSeqs(tx, due.auditBeforeMs, due.auditKept, AUDIT_BATCH);
        if (seqs.length === 0) return undefined;
        const count = await ctx.audit.tombstoneWithin(tx, seqs);
        const event = await ctx.audit.appendWithin(tx, {
          actor: ACTOR,
          action: 'retention.tombstoned',
          subject: { type: 'retention_run', id },
          details: { category: 'audit_events', count, ranges: ranges(seqs) },
        });
        return { count, seq: event.seq };
      });
      if (!batch) break;
      deleted.audit_events += batch.count;
      auditSeq = batch.seq;
      await renewLease(ctx, id);
    }

    // Stored responses (encrypted) of the deleted cases' requests go too, once past their 24 h.
    await pruneIdempotencyKeys(ctx.db, ctx.clock.now().getTime());
    await checkpointWal(ctx);
    const run: RetentionRun = {
      id,
      trigger: options.trigger,
      startedAt: started.toISOString(),
      finishedAt: ctx.clock.now().toISOString(),
      deleted,
      casesAffected: cases.size,
      auditSeq,
    };
    await recordRunEnd(ctx.db, run);
    return { dryRun: false, ...run };
  } finally {
    await ctx.db.execute({ sql: 'DELETE FROM retention_lease WHERE holder = ?', args: [id] });
  }
}

async function takeLease(ctx: AppContext, holder: string): Promise<boolean> {
  const now = ctx.clock.now().getTime();
  const row = (
    await ctx.db.execute({
      sql: `INSERT INTO retention_lease (singleton, holder, lease_until) VALUES (1, ?1, ?2)
            ON CONFLICT (singleton) DO UPDATE SET holder = ?1, lease_until = ?2 WHERE lease_until < ?3
            RETURNING holder`,
      args: [holder, now + LEASE_MS, now],
    })
  ).rows[0];
  return row?.holder === holder;
}

async function renewLease(ctx: AppContext, holder: string): Promise<void> {
  await ctx.db.execute({
    sql: 'UPDATE retention_lease SET lease_until = ? WHERE holder = ?',
    args: [ctx.clock.now().getTime() + LEASE_MS, holder],
  });
}

/** Removes the blobs queued by committed batches (and by a run that crashed before it could). */
async function removeQueuedBlobs(ctx: AppContext, evidence: ReturnType<typeof createEvidenceService>) {
  for (;;) {
    const keys = (
      await ctx.db.execute('SELECT storage_key FROM retention_blob_deletions ORDER BY storage_key LIMIT 500')
    ).rows.map((row) => String(row.storage_key));
    if (keys.length === 0) return;
    await evidence.deleteStoredBlobs(keys);
    await ctx.db.execute({
      sql: 'DELETE FROM retention_blob_deletions WHERE storage_key IN (SELECT value FROM json_each(?))',
      args: [JSON.stringify(keys)],
    });
  }
}

/**
 * Moves the WAL into the database file and empties it: the WAL still holds the pages as they were
 * before the deletions. An embedded database only; a libSQL server manages its own files.
 */
async function checkpointWal(ctx: AppContext): Promise<void> {
  if (!ctx.db.filePath) return;
  await ctx.db.execute('PRAGMA wal_checkpoint(TRUNCATE)');
}
