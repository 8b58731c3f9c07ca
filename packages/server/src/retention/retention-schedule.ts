import type { AppContext } from '../http/app-context.js';
import { type BackgroundTask, startPeriodicTask } from '../http/server-module.js';
import { ProblemError } from '../problem/problem-error.js';
import { runRetention } from './retention-run.js';
import { lastRetentionRun } from './retention-runs.js';
import { RETENTION_SETTINGS } from './retention-settings.js';

const HOUR_MS = 3_600_000;
const TICK_MS = 15 * 60_000;

/** Whether a scheduled run is due: none yet, or the last one started `RETENTION_RUN_HOURS` ago. */
export async function isRetentionRunDue(ctx: AppContext): Promise<boolean> {
  const { runEveryHours } = ctx.settings.of(RETENTION_SETTINGS);
  if (runEveryHours === 0) return false;
  const last = await lastRetentionRun(ctx.db);
  return !last || Date.parse(last.startedAt) <= ctx.clock.now().getTime() - runEveryHours * HOUR_MS;
}

/**
 * The retention module's background work: every quarter of an hour, runs the deletion job when
 * one is due (on any instance; the last run is in the database and a lease keeps runs apart).
 */
export function startRetentionSchedule(ctx: AppContext): BackgroundTask {
  return startPeriodicTask(
    async () => {
      try {
        if (!(await isRetentionRunDue(ctx))) return;
        const outcome = await runRetention(ctx, { trigger: 'schedule' });
        if (!outcome.dryRun)
          ctx.logger.info('retention run finished', { module: 'retention', ...outcome.deleted });
      } catch (error) {
        if (!(error instanceof ProblemError)) {
          ctx.logger.error('retention run failed', { module: 'retention', errorName: (error as Error).name });
        }
      }
    },
    { firstAfterMs: 60_000, everyMs: TICK_MS },
  );
}
