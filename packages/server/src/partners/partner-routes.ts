import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { createPartnerService } from './partner-service.js';

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
}
