import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { notFound } from '../problem/problem-error.js';
import { TRANSPARENCY_SETTINGS } from '../transparency/transparency-settings.js';
import { partnerEntryPoints } from './partner-entry-points.js';
import { createPartnerService } from './partner-service.js';
import { readReferralCounts } from './referral-counts.js';

export function registerPartnerRoutes(router: OperationRouter, ctx: AppContext): void {
  const partners = createPartnerService(ctx);
  const admin = { before: [requireStaff('admin')] };

  router.handle('listPartners', async (c) => c.json({ items: await partners.list() }, 200), admin);

  router.handle(
    'registerPartner',
    async (c, { body }) =>
      c.json(await partners.register(body, { type: 'staff', id: c.get('staff').id }), 201),
    admin,
  );

  router.handle(
    'updatePartner',
    async (c, { params, body }) =>
      c.json(await partners.update(params.partnerId, body, { type: 'staff', id: c.get('staff').id }), 200),
    admin,
  );

  router.handle(
    'getPartnerEntryPoints',
    async (c, { params }) => {
      const partner = await partners.find(params.partnerId);
      if (!partner) throw notFound('No such partner.', 'partner_not_found');
      return c.json(await partnerEntryPoints(ctx.config.publicUrl, partner.id), 200);
    },
    admin,
  );

  const { minimumCount } = ctx.settings.of(TRANSPARENCY_SETTINGS);
  router.handle(
    'getReferralCounts',
    async (c, { query }) =>
      c.json(await readReferralCounts(ctx.db, query, ctx.clock.now(), minimumCount), 200),
    { before: [requireStaff('admin', 'auditor')] },
  );
}
