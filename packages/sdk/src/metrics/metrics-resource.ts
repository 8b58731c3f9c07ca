import { operation, type QueryParams, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const getMetrics = operation('getMetrics', 'GET', '/metrics');

/** Figures of the scheme over a period (tag `metrics`). */
export class MetricsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  get(query: QueryParams<'getMetrics'> = {}, options?: RequestOptions): Promise<Result<'getMetrics'>> {
    return this.#transport.request(getMetrics, { query }, options);
  }
}
