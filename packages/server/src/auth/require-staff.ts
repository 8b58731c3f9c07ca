import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { unauthorized } from '../problem/problem-error.js';
import { assertAnyRole, type StaffRole } from './staff-principal.js';

/**
 * The role check every staff route uses: authenticates the bearer token and requires at least
 * one of `roles` (none given: any authenticated staff member). Puts the principal on `c.var.staff`.
 */
export function requireStaff(...roles: StaffRole[]): MiddlewareHandler<AppEnv> {
  return async function requireStaffRole(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([\w.~+/-]+=*)$/i.exec(header);
    if (!match) {
      throw unauthorized('Send a staff token as `Authorization: Bearer <token>`.');
    }
    const staff = await c.get('ctx').staffTokens.verify(match[1]!);
    assertAnyRole(staff, roles);
    c.set('staff', staff);
    c.set('principal', `staff:${staff.id}`);
    await next();
  };
}
