import type { Schema } from '@ezhili/contract';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import {
  assertSameOrigin,
  CONSOLE_API_PREFIX,
  CONSOLE_SESSION_COOKIE,
  type ConsoleSessionState,
  isHttpsRequest,
  SESSION_EXPIRES_HEADER,
  secondsLeft,
} from '../auth/console-session.js';
import { requireStaff } from '../auth/require-staff.js';
import { type StaffPrincipal, toStaffMember } from '../auth/staff-principal.js';
import type { AppContext } from '../http/app-context.js';
import { clientAddress } from '../http/client-address.js';
import type { OperationRouter } from '../http/operation-router.js';
import { unauthorized } from '../problem/problem-error.js';
import { createStaffService } from '../staff/staff-service.js';
import { createConsoleSessionStore } from './console-session-store.js';
import { CONSOLE_SETTINGS } from './console-settings.js';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** The console session cookie's attributes: never readable by scripts, sent to the console's API only. */
function cookieOptions(c: Context, ctx: AppContext) {
  const mode = ctx.settings.of(CONSOLE_SETTINGS).secureCookie;
  const secure =
    mode === 'always' ||
    (mode === 'auto' &&
      (isHttpsRequest(c, ctx.config.trustProxy) || ctx.config.publicUrl.startsWith('https:')));
  return { path: CONSOLE_API_PREFIX, httpOnly: true, sameSite: 'Strict', secure } as const;
}

export function consoleSessionBody(
  staff: StaffPrincipal,
  session: ConsoleSessionState,
): Schema<'ConsoleSession'> {
  return {
    staff: toStaffMember(staff),
    csrfToken: session.csrfToken,
    source: session.source,
    idleTimeoutSeconds: session.idleTimeoutSeconds,
    idleExpiresAt: session.idleExpiresAt.toISOString(),
    expiresAt: session.expiresAt.toISOString(),
  };
}

/** Opens a console session for `staff` and sets its cookie on the response (password or OIDC sign-in). */
export async function openConsoleSession(c: Context, ctx: AppContext, staff: StaffPrincipal) {
  const settings = ctx.settings.of(CONSOLE_SETTINGS);
  const opened = await createConsoleSessionStore(ctx.db, ctx.clock).create({
    staff,
    idleTimeoutSeconds: settings.idleTimeoutSeconds,
    maxSessionSeconds: settings.maxSessionSeconds,
  });
  setCookie(c, CONSOLE_SESSION_COOKIE, opened.token, {
    ...cookieOptions(c, ctx),
    maxAge: settings.maxSessionSeconds,
  });
  return opened.session;
}

export function registerConsoleSessionRoutes(router: OperationRouter, ctx: AppContext): void {
  const staffService = createStaffService(ctx);
  const sessions = createConsoleSessionStore(ctx.db, ctx.clock);

  router.handle('createConsoleSession', async (c, { body }) => {
    // No login CSRF: a page of another origin cannot sign a browser in to its own account.
    assertSameOrigin(c, ctx.config);
    const staff = await staffService.verifyCredentials(
      body.email,
      body.password,
      clientAddress(c, ctx.config.trustProxy),
    );
    const session = await openConsoleSession(c, ctx, staff);
    return c.json(consoleSessionBody(staff, session), 201, NO_STORE);
  });

  router.handle(
    'getConsoleSession',
    (c) => {
      const session = c.get('consoleSession');
      if (!session)
        throw unauthorized('This operation reads the console’s session cookie.', 'session_required');
      return c.json(consoleSessionBody(c.get('staff'), session), 200, {
        ...NO_STORE,
        [SESSION_EXPIRES_HEADER]: String(secondsLeft(session, ctx.clock.now())),
      });
    },
    { before: [requireStaff()] },
  );

  router.handle(
    'deleteConsoleSession',
    async (c) => {
      const session = c.get('consoleSession');
      if (!session)
        throw unauthorized('This operation reads the console’s session cookie.', 'session_required');
      await sessions.end(session.id);
      c.set('consoleSession', undefined);
      deleteCookie(c, CONSOLE_SESSION_COOKIE, cookieOptions(c, ctx));
      return c.body(null, 204);
    },
    { before: [requireStaff()] },
  );
}
