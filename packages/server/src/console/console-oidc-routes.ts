import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { CONSOLE_API_PREFIX, isHttpsRequest, ownOrigins } from '../auth/console-session.js';
import { principalFromProvider } from '../auth/staff-tokens.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { notFound } from '../problem/problem-error.js';
import { createConsoleOidcClient, FLOW_SECONDS, oidcFailed } from './console-oidc-client.js';
import { openConsoleSession } from './console-session-routes.js';
import { CONSOLE_SETTINGS } from './console-settings.js';

const FLOW_COOKIE = 'ezhili_oidc_flow';
const FLOW_PATH = `${CONSOLE_API_PREFIX}/staff/console-sessions/oidc`;

/**
 * OIDC sign-in for the console (authorization code + PKCE), where the deployment has a provider
 * (`OIDC_ISSUER`) and a client for the console at it (`OIDC_CLIENT_ID`). The flow cookie is
 * `SameSite=Lax`: it must come back on the provider's top-level redirect, which Strict would drop;
 * the session cookie opened at the end is Strict as always.
 */
export function registerConsoleOidcRoutes(router: OperationRouter, ctx: AppContext): void {
  const settings = ctx.settings.of(CONSOLE_SETTINGS);
  const oidc = ctx.config.oidc;
  const client =
    oidc && settings.oidcClient
      ? createConsoleOidcClient(oidc, settings.oidcClient, {
          clock: ctx.clock,
          secret: ctx.config.staffTokenSecret,
        })
      : undefined;
  const configured = () => {
    if (!client || !oidc) {
      throw notFound('This deployment has no identity provider for the console.', 'oidc_not_configured');
    }
    return { client, oidc };
  };
  const flowCookie = (c: Context) => ({
    path: FLOW_PATH,
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: isHttpsRequest(c, ctx.config.trustProxy),
  });
  // Registered at the provider; derived from the origin the browser used unless configured.
  const redirectUri = (c: Context) =>
    settings.oidcRedirectUrl ?? `${ownOrigins(c, ctx.config)[1]}${FLOW_PATH}/callback`;

  router.handle('startConsoleOidcSignIn', async (c) => {
    const { client } = configured();
    const started = await client.start(redirectUri(c)).catch(() => {
      throw oidcFailed('the identity provider could not be reached');
    });
    setCookie(c, FLOW_COOKIE, started.sealedFlow, { ...flowCookie(c), maxAge: FLOW_SECONDS });
    return c.body(null, 303, { Location: started.location, 'Cache-Control': 'no-store' });
  });

  router.handle('completeConsoleOidcSignIn', async (c, { query }) => {
    const { client, oidc } = configured();
    const sealed = getCookie(c, FLOW_COOKIE);
    // One attempt per flow, whatever the outcome.
    deleteCookie(c, FLOW_COOKIE, flowCookie(c));
    const claims = await client.complete(sealed, query);
    const staff = principalFromProvider(claims, oidc);
    if (staff.roles.length === 0) throw oidcFailed(`the provider gave no ezhili role in ${oidc.rolesClaim}`);
    await ctx.audit.append({
      actor: { type: 'staff', id: staff.id },
      action: 'staff.login',
      subject: { type: 'staff', id: staff.id },
    });
    await openConsoleSession(c, ctx, staff);
    return c.body(null, 303, { Location: '/console/', 'Cache-Control': 'no-store' });
  });
}
