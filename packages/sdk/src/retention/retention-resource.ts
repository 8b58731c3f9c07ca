import { operation, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const placeLegalHold = operation('placeLegalHold', 'POST', '/cases/{caseId}/legal-hold');
const releaseLegalHold = operation('releaseLegalHold', 'POST', '/cases/{caseId}/legal-hold/release');
const getRetentionStatus = operation('getRetentionStatus', 'GET', '/retention');

/** Retention (tag `retention`; `auditor`, `admin`): legal holds on cases and what is due for deletion. */
export class RetentionResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Keeps the whole case out of retention deletion until released; the reason is audited. */
  placeHold(
    caseId: string,
    body: RequestBody<'placeLegalHold'>,
    options?: RequestOptions,
  ): Promise<Result<'placeLegalHold'>> {
    return this.#transport.request(placeLegalHold, { params: { caseId }, body }, options);
  }

  /** Ends a case's hold; data past its periods goes at the next run. */
  releaseHold(
    caseId: string,
    body: RequestBody<'releaseLegalHold'>,
    options?: RequestOptions,
  ): Promise<Result<'releaseLegalHold'>> {
    return this.#transport.request(releaseLegalHold, { params: { caseId }, body }, options);
  }

  /** The periods per category, what a run would delete now, the holds and the last run. */
  status(options?: RequestOptions): Promise<Result<'getRetentionStatus'>> {
    return this.#transport.request(getRetentionStatus, {}, options);
  }
}
