import { operation, type QueryParams, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { PagePromise } from '../core/page-promise.js';
import { listOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';

const registerPlatform = operation('registerPlatform', 'POST', '/platforms');
export const getPlatform = operation('getPlatform', 'GET', '/platforms/{platformId}');
const updatePlatform = operation('updatePlatform', 'PATCH', '/platforms/{platformId}');
const listWebhookDeliveries = operation(
  'listWebhookDeliveries',
  'GET',
  '/platforms/{platformId}/webhook-deliveries',
);
const retryWebhookDelivery = operation(
  'retryWebhookDelivery',
  'POST',
  '/platforms/{platformId}/webhook-deliveries/{deliveryId}/retry',
);
export const rotateWebhookSecret = operation(
  'rotateWebhookSecret',
  'POST',
  '/platforms/{platformId}/webhook-secret',
);
export const disableWebhookSecret = operation(
  'disableWebhookSecret',
  'DELETE',
  '/platforms/{platformId}/webhook-secret',
);

/** Delivery platforms registered with the regulator, and their webhook deliveries (tag `platforms`). */
export class PlatformsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  register(
    body: RequestBody<'registerPlatform'>,
    options?: RequestOptions,
  ): Promise<Result<'registerPlatform'>> {
    return this.#transport.request(registerPlatform, { body }, options);
  }

  get(platformId: string, options?: RequestOptions): Promise<Result<'getPlatform'>> {
    return this.#transport.request(getPlatform, { params: { platformId } }, options);
  }

  /** Changes the platform's name, contact, keys, webhook URL or status; only the members sent change. */
  update(
    platformId: string,
    body: RequestBody<'updatePlatform'>,
    options?: RequestOptions,
  ): Promise<Result<'updatePlatform'>> {
    return this.#transport.request(updatePlatform, { params: { platformId }, body }, options);
  }

  /** The platform's webhook deliveries, newest first (e.g. `{ state: 'dead' }` for dead letters). */
  listWebhookDeliveries(
    platformId: string,
    query: QueryParams<'listWebhookDeliveries'> = {},
    options?: RequestOptions,
  ): PagePromise<Result<'listWebhookDeliveries'>> {
    return listOperation(this.#transport, listWebhookDeliveries, { params: { platformId }, query }, options);
  }

  /** Sends a dead-lettered delivery again (same `webhook-id`, so the platform de-duplicates). */
  retryWebhookDelivery(
    platformId: string,
    deliveryId: string,
    options?: RequestOptions,
  ): Promise<Result<'retryWebhookDelivery'>> {
    return this.#transport.request(retryWebhookDelivery, { params: { platformId, deliveryId } }, options);
  }

  /**
   * Turns on symmetric `v1` webhook signatures (Standard Webhooks, `whsec_…`) beside `v1a`, or
   * rotates the secret: the previous one keeps signing for `overlapSeconds` (default a day).
   * The secret is in this result only.
   */
  rotateWebhookSecret(
    platformId: string,
    body: RequestBody<'rotateWebhookSecret'> = {},
    options?: RequestOptions,
  ): Promise<Result<'rotateWebhookSecret'>> {
    return this.#transport.request(rotateWebhookSecret, { params: { platformId }, body }, options);
  }

  /** Turns `v1` signatures off: webhooks are signed `v1a` only again. */
  async disableWebhookSecret(platformId: string, options?: RequestOptions): Promise<void> {
    await this.#transport.request(disableWebhookSecret, { params: { platformId } }, options);
  }
}
