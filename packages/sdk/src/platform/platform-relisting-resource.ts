import type { RequestBody, Schema } from '@ezhili/contract';
import { operation, type QueryParams, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { PagePromise } from '../core/page-promise.js';
import { listOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';
import {
  getRelistingRequest,
  getShopRelistingStatus,
  listRelistingRequests,
} from '../relisting/relisting-resource.js';

const createRelistingRequest = operation(
  'createRelistingRequest',
  'POST',
  '/platforms/{platformId}/relisting-requests',
);

export type RelistingRequest = Schema<'RelistingRequest'>;

/** Relisting requests (tag `relisting`): the platform's signed compliance review of a taken-down shop. */
export class PlatformRelistingResource {
  readonly #transport: Transport;
  readonly #platformId: string;

  constructor(transport: Transport, platformId: string) {
    this.#transport = transport;
    this.#platformId = platformId;
  }

  /** Files a request; the signed request is the platform's attestation of its review. */
  create(body: RequestBody<'createRelistingRequest'>, options?: RequestOptions): Promise<RelistingRequest> {
    return this.#transport.request(
      createRelistingRequest,
      { params: { platformId: this.#platformId }, body },
      options,
    );
  }

  get(requestId: string, options?: RequestOptions): Promise<RelistingRequest> {
    return this.#transport.request(getRelistingRequest, { params: { requestId } }, options);
  }

  /** The platform's own requests, newest first; `for await` walks every page. */
  list(
    query: Omit<QueryParams<'listRelistingRequests'>, 'platformId'> = {},
    options?: RequestOptions,
  ): PagePromise<Result<'listRelistingRequests'>> {
    return listOperation(this.#transport, listRelistingRequests, { query }, options);
  }

  /** Whether the regulator allows the shop back online. */
  shopStatus(shopId: string, options?: RequestOptions): Promise<Schema<'ShopRelistingStatus'>> {
    return this.#transport.request(getShopRelistingStatus, { params: { shopId } }, options);
  }
}
