import type { AppContext } from '../http/app-context.js';
import { type BackgroundTask, startPeriodicTask } from '../http/server-module.js';
import type { AuditVerificationMode } from './audit-checkpoints.js';
import { type AuditingServices, createAuditingServices } from './auditing-services.js';

const HOUR_MS = 3_600_000;
const TICK_MS = 15 * 60_000;

/**
 * Which scheduled run is due now, if any: a checkpoint every `AUDIT_CHECKPOINT_HOURS`, by a full
 * run when the last full one is older than `AUDIT_FULL_VERIFICATION_DAYS` (or there was none),
 * else an incremental one.
 */
export async function dueScheduledVerification(
  ctx: AppContext,
  { settings, checkpoints }: Pick<AuditingServices, 'settings' | 'checkpoints'> = createAuditingServices(ctx),
): Promise<AuditVerificationMode | undefined> {
  if (settings.checkpointEveryHours === 0) return undefined;
  const now = ctx.clock.now().getTime();
  const olderThan = (at: string | undefined, ms: number) => at === undefined || Date.parse(at) <= now - ms;
  if (!olderThan(await checkpoints.newestCreatedAt(), settings.checkpointEveryHours * HOUR_MS))
    return undefined;
  const fullDue =
    settings.fullVerificationEveryDays > 0 &&
    olderThan(await checkpoints.newestCreatedAt('full'), settings.fullVerificationEveryDays * 24 * HOUR_MS);
  return fullDue ? 'full' : 'incremental';
}

/**
 * The audit module's background work: every quarter of an hour, starts the scheduled
 * verification when one is due (on any instance; a run in progress is joined, not repeated).
 */
export function startAuditCheckpointSchedule(ctx: AppContext): BackgroundTask {
  const services = createAuditingServices(ctx);
  return startPeriodicTask(
    async (stopped) => {
      try {
        const mode = await dueScheduledVerification(ctx, services);
        if (mode && !stopped()) await services.verifications.start(mode, 'system');
      } catch (error) {
        ctx.logger.warn('scheduled audit verification not started', { errorName: (error as Error).name });
      }
    },
    { firstAfterMs: 5_000, everyMs: TICK_MS },
  );
}
