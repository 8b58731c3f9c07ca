import { operation, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const registerReporter = operation('registerReporter', 'POST', '/reporter/accounts');
const createReporterSession = operation('createReporterSession', 'POST', '/reporter/sessions');
const deleteReporterSession = operation('deleteReporterSession', 'DELETE', '/reporter/sessions/current');
const getReporterProfile = operation('getReporterProfile', 'GET', '/reporter/profile');
const updateReporterProfile = operation('updateReporterProfile', 'PATCH', '/reporter/profile');

export interface ReporterLoginOptions extends RequestOptions {
  /** Keep the client's current token instead of switching to the new session (default: switch). */
  storeToken?: boolean | undefined;
}

/**
 * The reporter's optional account (tag `reporters`): register, log in and out, the profile
 * rewards are paid to. Identity data is sealed by the server at once.
 */
export class ReportersResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Creates an account and, unless `storeToken: false`, logs the client in with it. */
  async register(
    registration: RequestBody<'registerReporter'>,
    options: ReporterLoginOptions = {},
  ): Promise<Result<'registerReporter'>> {
    const { storeToken = true, ...requestOptions } = options;
    const session = await this.#transport.request(
      registerReporter,
      { body: registration },
      { token: null, ...requestOptions },
    );
    if (storeToken) this.#transport.token = session.token;
    return session;
  }

  /** Logs in with phone number and passphrase; the session is used by the following calls. */
  async login(
    credentials: RequestBody<'createReporterSession'>,
    options: ReporterLoginOptions = {},
  ): Promise<Result<'createReporterSession'>> {
    const { storeToken = true, ...requestOptions } = options;
    const session = await this.#transport.request(
      createReporterSession,
      { body: credentials },
      { token: null, ...requestOptions },
    );
    if (storeToken) this.#transport.token = session.token;
    return session;
  }

  /** Ends the session on the server and forgets the token. */
  async logout(options?: RequestOptions): Promise<void> {
    await this.#transport.request(deleteReporterSession, {}, options);
    this.#transport.token = undefined;
  }

  /** The logged-in reporter's own registered details (decrypted for them alone; never cached). */
  getProfile(options?: RequestOptions): Promise<Result<'getReporterProfile'>> {
    return this.#transport.request(getReporterProfile, {}, options);
  }

  /** Changes one's own details or passphrase; every change needs the current passphrase. */
  updateProfile(
    body: RequestBody<'updateReporterProfile'>,
    options?: RequestOptions,
  ): Promise<Result<'updateReporterProfile'>> {
    return this.#transport.request(updateReporterProfile, { body }, options);
  }
}
