import type { AppContext } from '../http/app-context.js';
import { createAuditCheckpoints } from './audit-checkpoints.js';
import { createAuditVerifications } from './audit-verification-jobs.js';
import { AUDITING_SETTINGS } from './auditing-settings.js';

/**
 * The auditing services: checkpoints and verification jobs. The routes and the schedule each
 * build their own; a run one of them started is joined by the other through its row.
 */
export function createAuditingServices(ctx: AppContext) {
  const settings = ctx.settings.of(AUDITING_SETTINGS);
  const checkpoints = createAuditCheckpoints(ctx, settings);
  return { settings, checkpoints, verifications: createAuditVerifications(ctx, checkpoints) };
}

export type AuditingServices = ReturnType<typeof createAuditingServices>;
