import type { Schema } from '@ezhili/contract';
import { operation } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const getHealth = operation('getHealth', 'GET', '/healthz');
const getJwks = operation('getJwks', 'GET', '/.well-known/jwks.json');

/** Health and the regulator's public keys; no credentials needed. */
export class SystemResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /**
   * The server's health. Resolves with `status: 'degraded'` (rather than throwing) when the
   * server answers 503 because its database does not, so monitors can read the body.
   */
  health(options?: RequestOptions): Promise<Schema<'Health'>> {
    return this.#transport.request(getHealth, {}, options, { okStatuses: [503] });
  }

  /** The JSON Web Key Set that verifies the regulator's webhooks, receipts and decisions. */
  jwks(options?: RequestOptions): Promise<Schema<'Jwks'>> {
    return this.#transport.request(getJwks, {}, options);
  }
}
