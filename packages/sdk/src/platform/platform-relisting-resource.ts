import type { RequestBody, Schema, SuccessBody } from '@ezhili/contract';
import { operation, type QueryParams } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Paginated, PaginateOptions } from '../core/paginate.js';
import { paginateOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';

const createRelistingRequest = operation(
  'createRelistingRequest',
  'POST',
  '/platforms/{platformId}/relisting-requests',
);
const getRelistingRequest = operation('getRelistingRequest', 'GET', '/relisting-requests/{requestId}');
const listRelistingRequests = operation('listRelistingRequests', 'GET', '/relisting-requests');
const getShopRelistingStatus = operation('getShopRelistingStatus', 'GET', '/shops/{shopId}/relisting-status');

export type RelistingRequest = Schema<'RelistingRequest'>;

/** Relisting requests: the platform's signed compliance review of a taken-down shop. */
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

  list(
    query: Omit<QueryParams<'listRelistingRequests'>, 'platformId'> = {},
    options?: RequestOptions,
  ): Promise<SuccessBody<'listRelistingRequests'>> {
    return this.#transport.request(listRelistingRequests, { query }, options);
  }

  listAll(
    query: Omit<QueryParams<'listRelistingRequests'>, 'platformId' | 'cursor'> = {},
    options: RequestOptions & PaginateOptions = {},
  ): Paginated<RelistingRequest> {
    return paginateOperation(this.#transport, listRelistingRequests, { query }, options);
  }

  /** Whether the regulator allows the shop back online. */
  shopStatus(shopId: string, options?: RequestOptions): Promise<Schema<'ShopRelistingStatus'>> {
    return this.#transport.request(getShopRelistingStatus, { params: { shopId } }, options);
  }
}
