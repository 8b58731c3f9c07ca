import { operation, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const listDistricts = operation('listDistricts', 'GET', '/districts');

/** Reference data (tag `reference`): the districts the deployment serves. No credentials needed. */
export class ReferenceResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Every district (a short, unpaginated list). */
  listDistricts(options?: RequestOptions): Promise<Result<'listDistricts'>> {
    return this.#transport.request(listDistricts, {}, options);
  }
}
