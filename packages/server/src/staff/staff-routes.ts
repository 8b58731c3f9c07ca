import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { requireStaff } from '../auth/require-staff.js';
import { toStaffMember } from '../auth/staff-principal.js';
import type { AppContext } from '../http/app-context.js';
import type { AppEnv } from '../http/app-env.js';
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

/** The client's address: the socket peer, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
