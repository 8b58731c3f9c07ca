import type { Context, MiddlewareHandler } from 'hono';
import { unauthorized } from '../problem/problem-error.js';
import { assertAnyRole, type StaffPrincipal, type StaffRole } from './staff-principal.js';
import type { StaffTokenVerifier } from './staff-tokens.js';

/** What `requireStaff` puts on the request context: the authenticated official. */
export interface StaffVariables {
  staff: StaffPrincipal;
}

declare module 'hono' {
  interface ContextVariableMap extends StaffVariables {}
}

/** What `requireStaff` reads from and writes to the request context of the app it runs in. */
interface StaffAuthEnv {
  Variables: StaffVariables & { ctx: { staffTokens: StaffTokenVerifier }; principal: string };
}

/**
 * The role check every staff route uses: authenticates the bearer token and requires at least
 * one of `roles` (none given: any authenticated staff member). Puts the principal on `c.var.staff`.
 */
export function requireStaff(...roles: StaffRole[]): MiddlewareHandler {
  return async function requireStaffRole(c: Context<StaffAuthEnv>, next) {
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
