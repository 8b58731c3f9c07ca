import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/app-env.js';
import { unauthorized } from '../problem/problem-error.js';
import {
  type AuthenticatedReporter,
  createReporterService,
  type ReporterService,
} from './reporter-service.js';

/**
 * What `requireReporter()` / `optionalReporter()` put on the request context: the reporter's
 * session (absent for an anonymous reporter).
 */
export interface ReporterVariables {
  reporter: AuthenticatedReporter;
}

declare module 'hono' {
  interface ContextVariableMap extends ReporterVariables {}
}

const BEARER = /^Bearer\s+([\w~+/-]+=*)$/i;

// One service per app context (middleware factories run once per route, requests many times).
const services = new WeakMap<object, ReporterService>();
function serviceFor(c: Context<AppEnv>): ReporterService {
  const ctx = c.get('ctx');
  const known = services.get(ctx);
  if (known) return known;
  const service = createReporterService(ctx);
  services.set(ctx, service);
  return service;
}

async function authenticate(c: Context<AppEnv>, header: string): Promise<void> {
  const match = BEARER.exec(header);
  if (!match)
    throw unauthorized('Send a reporter session as `Authorization: Bearer <token>`.', 'invalid_session');
  const session = await serviceFor(c).authenticate(match[1]!);
  c.set('reporter', session);
  // The session hash, not the account id: request-scoped data keyed by the principal (such as
  // idempotency keys) then cannot tie one reporter's sessions together.
  c.set('principal', `reporter:${session.sessionHash.slice(0, 24)}`);
}

/** Requires a reporter session; puts `{ reporterId, sessionHash }` on `c.var.reporter`. */
export function requireReporter(): MiddlewareHandler<AppEnv> {
  return async function requireReporterSession(c, next) {
    await authenticate(c, c.req.header('authorization') ?? '');
    await next();
  };
}

/**
 * For operations open to anonymous reporters (tips): no Authorization header means anonymous;
 * a header that is present but invalid or expired is a 401 rather than a silent downgrade.
 */
export function optionalReporter(): MiddlewareHandler<AppEnv> {
  return async function optionalReporterSession(c, next) {
    const header = c.req.header('authorization');
    if (header !== undefined) await authenticate(c, header);
    await next();
  };
}
