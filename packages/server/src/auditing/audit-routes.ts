import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';

/** Reading and verifying the audit log: auditors and admins only; both acts are themselves logged. */
export function registerAuditRoutes(router: OperationRouter, ctx: AppContext): void {
  const auditors = requireStaff('auditor', 'admin');

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
    async (c) => {
      const result = await ctx.audit.verify();
      const verifiedAt = ctx.clock.now().toISOString();
      await ctx.audit.append({
        actor: { type: 'staff', id: c.get('staff').id },
        action: 'audit.verified',
        details: { intact: result.intact, eventsChecked: result.eventsChecked },
      });
      return c.json({ ...result, verifiedAt }, 200);
    },
    { before: [auditors] },
  );
}
