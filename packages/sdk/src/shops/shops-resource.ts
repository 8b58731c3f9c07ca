import { operation, type QueryParams, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

export const searchShops = operation('searchShops', 'GET', '/shops/search');

/** The shop registry (tag `shops`): search by name, address or listing; no credentials needed. */
export class ShopsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  search(query: QueryParams<'searchShops'>, options?: RequestOptions): Promise<Result<'searchShops'>> {
    return this.#transport.request(searchShops, { query }, options);
  }
}
