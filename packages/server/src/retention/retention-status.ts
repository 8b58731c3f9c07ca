import type { Schema } from '@ezhili/contract';
import type { AppContext } from '../http/app-context.js';
import { countLegalHolds } from './legal-holds.js';
import { countDue } from './retention-due.js';
import { lastRetentionRun } from './retention-runs.js';
import { RETENTION_CATEGORIES, RETENTION_SETTINGS } from './retention-settings.js';

type RetentionStatus = Schema<'RetentionStatus'>;

/** The periods, what a run would delete now, the holds and the last run (getRetentionStatus). */
export async function readRetentionStatus(ctx: AppContext): Promise<RetentionStatus> {
  const settings = ctx.settings.of(RETENTION_SETTINGS);
  const now = ctx.clock.now();
  const due = await countDue(ctx, ctx.db, settings, now);
  return {
    asOf: now.toISOString(),
    categories: RETENTION_CATEGORIES.map((category) => ({
      category,
      days: settings.days[category],
      countsFrom: category === 'audit_events' ? 'event_time' : 'case_closure',
      due: due[category],
    })),
    heldCases: await countLegalHolds(ctx.db),
    schedule: { everyHours: settings.runEveryHours },
    lastRun: await lastRetentionRun(ctx.db),
  };
}
