import type { RequestBody } from '@ezhili/contract';
import { operation, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const ingestShopFeed = operation('ingestShopFeed', 'POST', '/platforms/{platformId}/shop-feed');

/** A shop feed: a JSON batch `{ shops: [...] }`, or NDJSON text (one ShopListing per line). */
export type ShopFeed = RequestBody<'ingestShopFeed'> | { ndjson: string };

/** The platform's shop listings, pushed to the regulator's registry (tag `shops`). */
export class PlatformShopsResource {
  readonly #transport: Transport;
  readonly #platformId: string;

  constructor(transport: Transport, platformId: string) {
    this.#transport = transport;
    this.#platformId = platformId;
  }

  /** Upserts listings; each row is checked on its own, and refused rows come back with reasons. */
  ingestFeed(feed: ShopFeed, options?: RequestOptions): Promise<Result<'ingestShopFeed'>> {
    const params = { platformId: this.#platformId };
    if ('ndjson' in feed) {
      return this.#transport.request(
        ingestShopFeed,
        { params, rawBody: feed.ndjson, contentType: 'application/x-ndjson' },
        options,
      );
    }
    return this.#transport.request(ingestShopFeed, { params, body: feed }, options);
  }
}
