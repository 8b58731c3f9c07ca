import { requireStaff } from '../auth/require-staff.js';
import { toStaffMember } from '../auth/staff-principal.js';
import type { AppContext } from '../http/app-context.js';
import { clientAddress } from '../http/client-address.js';
import type { OperationRouter } from '../http/operation-router.js';
import { createStaffService } from './staff-service.js';

export function registerStaffRoutes(router: OperationRouter, ctx: AppContext): void {
  const staff = createStaffService(ctx);

  router.handle('createStaffSession', async (c, { body }) => {
    const session = await staff.login(body.email, body.password, clientAddress(c, ctx.config.trustProxy));
    return c.json(
      {
        token: session.token,
        tokenType: 'Bearer' as const,
        expiresAt: session.expiresAt.toISOString(),
        staff: toStaffMember(session.staff),
      },
      201,
    );
  });

  router.handle('getCurrentStaff', (c) => c.json(toStaffMember(c.get('staff')), 200), {
    before: [requireStaff()],
  });
}
