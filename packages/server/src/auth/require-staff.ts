import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config/config.js';
import { unauthorized } from '../problem/problem-error.js';
import {
  assertCsrf,
  type ConsoleSessionState,
  type ConsoleSessionVerifier,
  consoleSessionToken,
  SESSION_EXPIRES_HEADER,
  secondsLeft,
} from './console-session.js';
import { assertAnyRole, type StaffPrincipal, type StaffRole } from './staff-principal.js';
import type { StaffTokenVerifier } from './staff-tokens.js';

/** What `requireStaff` puts on the request context: the authenticated official (and console session). */
export interface StaffVariables {
  staff: StaffPrincipal;
  /** Set when the official came with the console's session cookie rather than a bearer token. */
  consoleSession: ConsoleSessionState | undefined;
}

declare module 'hono' {
  interface ContextVariableMap extends StaffVariables {}
}

/** What `requireStaff` reads from and writes to the request context of the app it runs in. */
interface StaffAuthEnv {
  Variables: StaffVariables & {
    ctx: {
      staffTokens: StaffTokenVerifier;
      consoleSessions: ConsoleSessionVerifier;
      config: Pick<Config, 'publicUrl' | 'trustProxy'>;
      clock: { now(): Date };
    };
    principal: string;
  };
}

/** Whether the request carries staff credentials: a bearer token, or the console cookie under its prefix. */
export function hasStaffCredentials(c: Context): boolean {
  return c.req.header('authorization') !== undefined || consoleSessionToken(c) !== undefined;
}

/**
 * The role check every staff route uses: authenticates the bearer token (or, under
 * `/console/api`, the console's session cookie, with CSRF protection for unsafe methods) and
 * requires at least one of `roles` (none given: any authenticated staff member). Puts the
 * principal on `c.var.staff`.
 */
export function requireStaff(...roles: StaffRole[]): MiddlewareHandler {
  return async function requireStaffRole(c: Context<StaffAuthEnv>, next) {
    const staff = await authenticateStaff(c);
    assertAnyRole(staff, roles);
    c.set('staff', staff);
    c.set('principal', `staff:${staff.id}`);
    await next();
    const session = c.get('consoleSession');
    if (session) c.header(SESSION_EXPIRES_HEADER, String(secondsLeft(session, c.get('ctx').clock.now())));
  };
}

async function authenticateStaff(c: Context<StaffAuthEnv>): Promise<StaffPrincipal> {
  const ctx = c.get('ctx');
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+([\w.~+/-]+=*)$/i.exec(header);
    if (!match) throw unauthorized('Send a staff token as `Authorization: Bearer <token>`.');
    return ctx.staffTokens.verify(match[1]!);
  }
  const token = consoleSessionToken(c);
  if (token === undefined) {
    throw unauthorized('Send a staff token as `Authorization: Bearer <token>` (or sign in to the console).');
  }
  const { staff, session } = await ctx.consoleSessions.authenticate(token);
  assertCsrf(c, session, ctx.config);
  c.set('consoleSession', session);
  return staff;
}
