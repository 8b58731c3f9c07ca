import type { RequestBody, Schema } from '@ezhili/contract';
import { operation } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const createStaffSession = operation('createStaffSession', 'POST', '/staff/sessions');
const getCurrentStaff = operation('getCurrentStaff', 'GET', '/staff/me');
const createConsoleSession = operation('createConsoleSession', 'POST', '/staff/console-sessions');
const getConsoleSession = operation('getConsoleSession', 'GET', '/staff/console-sessions/current');
const deleteConsoleSession = operation('deleteConsoleSession', 'DELETE', '/staff/console-sessions/current');
const startConsoleOidcSignIn = operation('startConsoleOidcSignIn', 'GET', '/staff/console-sessions/oidc');

export interface LoginOptions extends RequestOptions {
  /** Keep the client's current token instead of switching to the new session (default true: switch). */
  storeToken?: boolean | undefined;
}

/** Regulator staff sessions. */
export class StaffResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * Logs in and, unless `storeToken: false`, makes the new token the client's token, so the
   * following calls run as this staff member. A wrong email or password throws
   * EzhiliAuthenticationError; too many attempts throw EzhiliRateLimitError.
   */
  async login(
    credentials: RequestBody<'createStaffSession'>,
    options: LoginOptions = {},
  ): Promise<Schema<'StaffSession'>> {
    const { storeToken = true, ...requestOptions } = options;
    const session = await this.#transport.request(
      createStaffSession,
      { body: credentials },
      { token: null, ...requestOptions },
    );
    if (storeToken) this.#transport.token = session.token;
    return session;
  }

  /**
   * Signs in to the console with a cookie session (`createConsoleSession`), for a browser client
   * on the server's own origin whose base URL ends in `/console/api`:
   * `createClient({ baseUrl: `${location.origin}/console/api`, credentials: 'same-origin' })`.
   * The token stays in an HttpOnly cookie; the client keeps the CSRF token and sends it with
   * every later call. The answer says when the session expires (idle and absolute).
   */
  async consoleSignIn(
    credentials: RequestBody<'createConsoleSession'>,
    options?: RequestOptions,
  ): Promise<Schema<'ConsoleSession'>> {
    const session = await this.#transport.request(createConsoleSession, { body: credentials }, options);
    this.#transport.csrfToken = session.csrfToken;
    return session;
  }

  /**
   * The console session of this browser (`getConsoleSession`), e.g. after a reload: who is signed
   * in, the CSRF token (kept for later calls) and the expiry times. Counts as activity.
   */
  async consoleSession(options?: RequestOptions): Promise<Schema<'ConsoleSession'>> {
    const session = await this.#transport.request(getConsoleSession, {}, options);
    this.#transport.csrfToken = session.csrfToken;
    return session;
  }

  /** Signs out of the console (`deleteConsoleSession`): the session ends on the server, the cookie is cleared. */
  async consoleSignOut(options?: RequestOptions): Promise<void> {
    await this.#transport.request(deleteConsoleSession, {}, options);
    this.#transport.csrfToken = undefined;
  }

  /**
   * Where to send the browser for OIDC sign-in (`startConsoleOidcSignIn`, a navigation rather
   * than a call): the server redirects to the identity provider and, after
   * `completeConsoleOidcSignIn`, back to `/console/` with a session cookie.
   */
  consoleOidcSignInUrl(): string {
    return new URL(startConsoleOidcSignIn.path.replace(/^\//, ''), this.#transport.baseUrl).href;
  }

  /** The staff member the client's token belongs to, with their roles. */
  me(options?: RequestOptions): Promise<Schema<'StaffMember'>> {
    return this.#transport.request(getCurrentStaff, {}, options);
  }
}
