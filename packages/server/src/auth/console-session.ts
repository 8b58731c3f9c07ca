import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { constantTimeEqual } from '../crypto/hashing.js';
import { forbidden } from '../problem/problem-error.js';
import type { StaffPrincipal } from './staff-principal.js';

/**
 * The console reaches the API under this prefix (the same operations), so its session cookie can
 * be scoped to it: browsers send the cookie nowhere else, and the server accepts it nowhere else.
 */
export const CONSOLE_API_PREFIX = '/console/api';
export const CONSOLE_SESSION_COOKIE = 'ezhili_console';
/** The header page scripts must set on unsafe cookie requests (a cross-site form cannot). */
export const CSRF_HEADER = 'X-Ezhili-CSRF';
/** Seconds until idle expiry, on every cookie-authenticated response. */
export const SESSION_EXPIRES_HEADER = 'Ezhili-Session-Expires-In';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A console session as the auth middleware sees it (the token itself is only in the cookie). */
export interface ConsoleSessionState {
  /** The SHA-256 of the token: the session's row id. */
  id: string;
  csrfToken: string;
  source: 'local' | 'oidc';
  idleTimeoutSeconds: number;
  idleExpiresAt: Date;
  expiresAt: Date;
}

/** Verifies console session tokens (implemented by the console module, over its table). */
export interface ConsoleSessionVerifier {
  /** The session's official and state, refreshing its idle clock; 401 when unknown, ended or expired. */
  authenticate(token: string): Promise<{ staff: StaffPrincipal; session: ConsoleSessionState }>;
}

/** The canonical path of a request that came in under the console prefix (others unchanged). */
export function stripConsoleApiPrefix(path: string): string {
  return path.startsWith(`${CONSOLE_API_PREFIX}/`) ? path.slice(CONSOLE_API_PREFIX.length) : path;
}

/** Whether the request was sent to `/console/api/...` (read from the raw URL, not the routed path). */
export function isConsoleApiRequest(c: Context): boolean {
  return new URL(c.req.url).pathname.startsWith(`${CONSOLE_API_PREFIX}/`);
}

/** The console session cookie of a request under the prefix; undefined elsewhere or without one. */
export function consoleSessionToken(c: Context): string | undefined {
  if (!isConsoleApiRequest(c)) return undefined;
  const token = getCookie(c, CONSOLE_SESSION_COOKIE);
  return token && /^[\w-]{20,128}$/.test(token) ? token : undefined;
}

/** Whether the request is https as the browser sees it (a trusted proxy's X-Forwarded-Proto counts). */
export function isHttpsRequest(c: Context, trustProxy: boolean): boolean {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    if (forwarded) return forwarded === 'https';
  }
  return new URL(c.req.url).protocol === 'https:';
}

/** The origins a same-origin console page may have: the public URL's and the request's own. */
export function ownOrigins(c: Context, config: { publicUrl: string; trustProxy: boolean }): string[] {
  const url = new URL(c.req.url);
  const host = (config.trustProxy && c.req.header('x-forwarded-host')?.split(',')[0]?.trim()) || url.host;
  const scheme = isHttpsRequest(c, config.trustProxy) ? 'https' : 'http';
  return [new URL(config.publicUrl).origin, `${scheme}://${host}`];
}

/**
 * Refuses a browser request from another origin: `Origin` must be the server's own, and
 * `Sec-Fetch-Site` (when the browser sends it) must say same-origin. Used for unsafe cookie
 * requests and for opening a session (no login CSRF).
 */
export function assertSameOrigin(c: Context, config: { publicUrl: string; trustProxy: boolean }): void {
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if (!origin || !ownOrigins(c, config).includes(origin) || (site !== undefined && site !== 'same-origin')) {
    throw forbidden('Console requests must come from the server’s own origin.', 'origin_not_allowed');
  }
}

/** CSRF protection of a cookie-authenticated request: unsafe methods need same origin and the header. */
export function assertCsrf(
  c: Context,
  session: ConsoleSessionState,
  config: { publicUrl: string; trustProxy: boolean },
): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  assertSameOrigin(c, config);
  const sent = c.req.header(CSRF_HEADER) ?? '';
  if (!constantTimeEqual(sent, session.csrfToken)) {
    throw forbidden(`Send the session's CSRF token in ${CSRF_HEADER}.`, 'csrf_failed');
  }
}

/** Seconds left before the session ends if idle (never past its absolute end). */
export function secondsLeft(session: ConsoleSessionState, now: Date): number {
  return Math.max(0, Math.floor((session.idleExpiresAt.getTime() - now.getTime()) / 1000));
}
