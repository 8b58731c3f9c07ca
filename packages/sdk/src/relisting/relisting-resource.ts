import { operation, type QueryParams, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { PagePromise } from '../core/page-promise.js';
import { listOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';

export const listRelistingRequests = operation('listRelistingRequests', 'GET', '/relisting-requests');
export const getRelistingRequest = operation('getRelistingRequest', 'GET', '/relisting-requests/{requestId}');
const decideRelistingRequest = operation(
  'decideRelistingRequest',
  'POST',
  '/relisting-requests/{requestId}/decision',
);
export const getShopRelistingStatus = operation(
  'getShopRelistingStatus',
  'GET',
  '/shops/{shopId}/relisting-status',
);

/** Relisting requests of taken-down shops, for the staff who review them (tag `relisting`). */
export class RelistingResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Requests, newest first (e.g. `{ status: 'pending' }`); `for await` walks every page. */
  list(
    query: QueryParams<'listRelistingRequests'> = {},
    options?: RequestOptions,
  ): PagePromise<Result<'listRelistingRequests'>> {
    return listOperation(this.#transport, listRelistingRequests, { query }, options);
  }

  get(requestId: string, options?: RequestOptions): Promise<Result<'getRelistingRequest'>> {
    return this.#transport.request(getRelistingRequest, { params: { requestId } }, options);
  }

  /** Approves or rejects the request; the platform hears of it by webhook (`relisting.decided`). */
  decide(
    requestId: string,
    body: RequestBody<'decideRelistingRequest'>,
    options?: RequestOptions,
  ): Promise<Result<'decideRelistingRequest'>> {
    return this.#transport.request(decideRelistingRequest, { params: { requestId }, body }, options);
  }

  /** Whether the regulator allows the shop back online. */
  shopStatus(shopId: string, options?: RequestOptions): Promise<Result<'getShopRelistingStatus'>> {
    return this.#transport.request(getShopRelistingStatus, { params: { shopId } }, options);
  }
}
