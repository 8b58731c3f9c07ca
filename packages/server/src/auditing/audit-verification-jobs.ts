import type { Schema } from '@ezhili/contract';
import type { AuditAnchor } from '../audit/audit-verifier.js';
import { numberOrNull, textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { notFound, unprocessable } from '../problem/problem-error.js';
import { type AuditCheckpoints, type AuditVerificationMode, checkpointAnchor } from './audit-checkpoints.js';

export type AuditVerificationJob = Schema<'AuditVerificationJob'>;
export type AuditVerificationResult = Schema<'AuditVerification'>;

/** A running job whose heartbeat is older than this has lost its server. */
const STALE_AFTER_MS = 120_000;
/** Progress is written after every this many chunks (one chunk is 20,000 events). */
const PROGRESS_EVERY_CHUNKS = 5;

function rowToJob(row: Record<string, unknown>, now: Date): AuditVerificationJob {
  const stale =
    row.state === 'running' && Date.parse(String(row.updated_at)) < now.getTime() - STALE_AFTER_MS;
  return {
    id: String(row.id),
    mode: row.mode as AuditVerificationMode,
    state: stale ? 'failed' : (row.state as AuditVerificationJob['state']),
    requestedBy: String(row.requested_by),
    startedAt: String(row.started_at),
    finishedAt: textOrNull(row.finished_at),
    progress: {
      eventsChecked: Number(row.events_checked),
      eventsTotal: numberOrNull(row.events_total),
    },
    result: row.result === null ? null : (JSON.parse(String(row.result)) as AuditVerificationResult),
    error: stale ? 'the run stopped reporting progress (its server stopped)' : (row.error as string | null),
  };
}

/**
 * Verification runs as jobs: started by a request or the schedule, run by this instance off the
 * request path (`AuditLog.verify` reads in a child process), followed through the job's row. An
 * intact run signs a checkpoint at the head; every finished run is itself an audit event.
 */
export function createAuditVerifications(ctx: AppContext, checkpoints: AuditCheckpoints) {
  const { db, clock, audit, logger } = ctx;
  const running = new Map<string, Promise<AuditVerificationJob>>();

  async function load(id: string): Promise<AuditVerificationJob | undefined> {
    const row = (await db.execute({ sql: 'SELECT * FROM audit_verifications WHERE id = ?', args: [id] }))
      .rows[0];
    return row ? rowToJob(row, clock.now()) : undefined;
  }

  async function run(
    id: string,
    mode: AuditVerificationMode,
    given?: AuditAnchor,
  ): Promise<AuditVerificationJob> {
    try {
      const start = mode === 'incremental' ? await checkpoints.latestStored() : undefined;
      const exported = await checkpoints.newestExported();
      const anchors = [exported, given].filter((anchor): anchor is AuditAnchor => anchor !== undefined);
      let chunks = 0;
      const result = await audit.verify({
        ...(start && { from: start.anchor }),
        anchors,
        onProgress: (checked, total) => {
          if (++chunks % PROGRESS_EVERY_CHUNKS !== 0) return;
          void db
            .execute({
              sql: `UPDATE audit_verifications SET events_checked = ?, events_total = ?, updated_at = ?
                    WHERE id = ? AND state = 'running'`,
              args: [checked, total, clock.now().toISOString(), id],
            })
            .catch(() => undefined);
        },
      });
      const checkpoint =
        result.intact && result.headSeq !== null && result.headHash !== null
          ? await checkpoints.sign({ seq: result.headSeq, hash: result.headHash }, mode)
          : null;
      const verifiedAt = clock.now().toISOString();
      const final: AuditVerificationResult = {
        intact: result.intact,
        mode,
        eventsChecked: result.eventsChecked,
        fromSeq: result.fromSeq,
        headSeq: result.headSeq,
        headHash: result.headHash,
        firstBrokenSeq: result.firstBrokenSeq,
        reason: result.reason,
        checkpointsChecked: anchors.length,
        checkpoint,
        verifiedAt,
        tombstoned: result.tombstoned,
      };
      if (!result.intact) logger.error('audit chain broken', { seq: result.firstBrokenSeq ?? undefined });
      await db.transaction(async (tx) => {
        await tx.execute({
          sql: `UPDATE audit_verifications SET state = 'completed', result = ?, events_checked = ?,
                  events_total = ?, finished_at = ?, updated_at = ? WHERE id = ?`,
          args: [
            JSON.stringify(final),
            result.eventsChecked,
            result.eventsChecked,
            verifiedAt,
            verifiedAt,
            id,
          ],
        });
        const job = (
          await tx.execute({ sql: 'SELECT requested_by FROM audit_verifications WHERE id = ?', args: [id] })
        ).rows[0]!;
        const [type, staffId] = String(job.requested_by).split(':');
        await audit.appendWithin(tx, {
          actor: type === 'staff' ? { type: 'staff', id: staffId! } : { type: 'system', id: 'system' },
          action: 'audit.verified',
          subject: { type: 'audit_verification', id },
          details: {
            mode,
            intact: result.intact,
            eventsChecked: result.eventsChecked,
            fromSeq: result.fromSeq,
            headSeq: result.headSeq,
            firstBrokenSeq: result.firstBrokenSeq,
            checkpointsChecked: anchors.length,
            checkpointId: checkpoint?.id ?? null,
          },
        });
      });
    } catch (error) {
      logger.error('audit verification failed', { errorName: (error as Error).name });
      const at = clock.now().toISOString();
      await db
        .execute({
          sql: `UPDATE audit_verifications SET state = 'failed', error = ?, finished_at = ?, updated_at = ? WHERE id = ?`,
          args: ['the verification could not run to its end', at, at, id],
        })
        .catch(() => undefined);
    }
    return (await load(id))!;
  }

  /** Waits for a job this instance does not run (another instance's), by its row. */
  async function poll(id: string): Promise<AuditVerificationJob> {
    for (;;) {
      const job = await load(id);
      if (job?.state !== 'running') return job!;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  return {
    /**
     * Starts a run (or joins the run of the same mode in progress, unless a checkpoint to check
     * against is given). `done` resolves with the finished job.
     */
    async start(
      mode: AuditVerificationMode,
      requestedBy: string,
      checkpointJws?: string,
    ): Promise<{ job: AuditVerificationJob; done: Promise<AuditVerificationJob> }> {
      let given: AuditAnchor | undefined;
      if (checkpointJws !== undefined) {
        const claims = await checkpoints.verifyJws(checkpointJws);
        if (!claims) {
          throw unprocessable(
            'invalid_checkpoint',
            'The checkpoint is not signed by a key of this regulator.',
            [{ pointer: '#/checkpoint', detail: 'is not a checkpoint this regulator signed' }],
          );
        }
        given = checkpointAnchor(claims, 'given');
      } else {
        const now = clock.now();
        const current = (
          await db.execute({
            sql: `SELECT * FROM audit_verifications WHERE state = 'running' AND mode = ? AND anchor IS NULL
                    AND updated_at >= ? ORDER BY started_at DESC LIMIT 1`,
            args: [mode, new Date(now.getTime() - STALE_AFTER_MS).toISOString()],
          })
        ).rows[0];
        if (current) {
          const job = rowToJob(current, now);
          return { job, done: running.get(job.id) ?? poll(job.id) };
        }
      }
      const now = clock.now();
      const id = newId('avj', now);
      await db.execute({
        sql: `INSERT INTO audit_verifications (id, mode, state, requested_by, anchor, started_at, updated_at)
              VALUES (?, ?, 'running', ?, ?, ?, ?)`,
        args: [id, mode, requestedBy, checkpointJws ?? null, now.toISOString(), now.toISOString()],
      });
      const job = (await load(id))!;
      // The run outlives the request that starts it: it runs on its own, after the job row is
      // durable, not inside the request's write unit.
      await db.commitSoFar();
      const done = db.detached(() => run(id, mode, given)).finally(() => running.delete(id));
      // Nobody may await a run (the request answered 202): a run cut short by shutdown, whose
      // database is then closed, must not surface as an unhandled rejection.
      done.catch(() => undefined);
      running.set(id, done);
      return { job, done };
    },

    async get(id: string): Promise<AuditVerificationJob> {
      const job = await load(id);
      if (!job) throw notFound('No verification job with this id.', 'verification_not_found');
      return job;
    },

    /** Runs still in progress on this instance; for shutdown and tests. */
    inProgress: () => [...running.values()],
  };
}

export type AuditVerifications = ReturnType<typeof createAuditVerifications>;
