import { operation, type QueryParams, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const getMetrics = operation('getMetrics', 'GET', '/metrics');
const getTransparencyReport = operation('getTransparencyReport', 'GET', '/transparency/report');

/** Figures of the scheme over a period, and the public transparency document (tag `metrics`). */
export class MetricsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  get(query: QueryParams<'getMetrics'> = {}, options?: RequestOptions): Promise<Result<'getMetrics'>> {
    return this.#transport.request(getMetrics, { query }, options);
  }

  /** The public transparency document (no credentials needed): since launch, small cells withheld. */
  transparency(options?: RequestOptions): Promise<Result<'getTransparencyReport'>> {
    return this.#transport.request(getTransparencyReport, {}, options);
  }
}
