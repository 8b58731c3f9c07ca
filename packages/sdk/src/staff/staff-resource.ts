import type { RequestBody, Schema } from '@ezhili/contract';
import { operation } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const createStaffSession = operation('createStaffSession', 'POST', '/staff/sessions');
const getCurrentStaff = operation('getCurrentStaff', 'GET', '/staff/me');

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

  /** The staff member the client's token belongs to, with their roles. */
  me(options?: RequestOptions): Promise<Schema<'StaffMember'>> {
    return this.#transport.request(getCurrentStaff, {}, options);
  }
}
