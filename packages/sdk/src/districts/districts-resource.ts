import type { SuccessBody } from '@ezhili/contract';
import { operation } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const listDistricts = operation('listDistricts', 'GET', '/districts');

/** Reference data: the districts the deployment serves. */
export class DistrictsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Every district (a short, unpaginated list). */
  list(options?: RequestOptions): Promise<SuccessBody<'listDistricts'>> {
    return this.#transport.request(listDistricts, {}, options);
  }
}
