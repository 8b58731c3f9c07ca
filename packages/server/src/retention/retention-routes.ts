import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { createLegalHolds } from './legal-holds.js';
import { readRetentionStatus } from './retention-status.js';

/** Legal holds and the retention status: decided and read by auditors and admins. */
export function registerRetentionRoutes(router: OperationRouter, ctx: AppContext): void {
  const holds = createLegalHolds(ctx);
  const deciders = requireStaff('auditor', 'admin');

  router.handle(
    'placeLegalHold',
    async (c, { params, body }) => c.json(await holds.place(c.get('staff'), params.caseId, body.reason), 201),
    { before: [deciders] },
  );

  router.handle(
    'releaseLegalHold',
    async (c, { params, body }) =>
      c.json(await holds.release(c.get('staff'), params.caseId, body.reason), 200),
    { before: [deciders] },
  );

  router.handle('getRetentionStatus', async (c) => c.json(await readRetentionStatus(ctx), 200), {
    before: [deciders],
  });
}
