import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { createAuditingServices } from './auditing-services.js';

/** Reading and verifying the audit log: auditors and admins only; both acts are themselves logged. */
export function registerAuditRoutes(router: OperationRouter, ctx: AppContext): void {
  const auditors = requireStaff('auditor', 'admin');
  const { checkpoints, verifications } = createAuditingServices(ctx);

  router.handle(
    'listAuditEvents',
    async (c, { query }) => {
      const limit = query.limit ?? 50;
      const items = await ctx.audit.list({ ...query, limit });
      await ctx.audit.append({
        actor: { type: 'staff', id: c.get('staff').id },
        action: 'audit.listed',
        details: { filter: { ...query, limit }, count: items.length },
      });
      return c.json({ items, nextBeforeSeq: items.length === limit ? items.at(-1)!.seq : null }, 200);
    },
    { before: [auditors] },
  );

  router.handle(
    'verifyAuditChain',
    async (c, { query }) => {
      const { done } = await verifications.start(query.mode ?? 'incremental', `staff:${c.get('staff').id}`);
      const job = await done;
      if (!job.result) throw new Error(job.error ?? 'audit verification did not finish');
      return c.json(job.result, 200);
    },
    { before: [auditors] },
  );

  router.handle(
    'createAuditVerification',
    async (c, { body }) => {
      const { job } = await verifications.start(
        body?.mode ?? 'incremental',
        `staff:${c.get('staff').id}`,
        body?.checkpoint,
      );
      return c.json(job, 202);
    },
    { before: [auditors] },
  );

  router.handle(
    'getAuditVerification',
    async (c, { params }) => c.json(await verifications.get(params.verificationId), 200),
    { before: [auditors] },
  );

  router.handle('listAuditCheckpoints', async (c, { query }) => c.json(await checkpoints.list(query), 200), {
    before: [auditors],
  });
}
