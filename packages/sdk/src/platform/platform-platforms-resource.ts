import type { RequestBody, Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';
import { disableWebhookSecret, getPlatform, rotateWebhookSecret } from '../platforms/platforms-resource.js';

/** The platform's own registration at the regulator (tag `platforms`). */
export class PlatformPlatformsResource {
  readonly #transport: Transport;
  readonly #platformId: string;

  constructor(transport: Transport, platformId: string) {
    this.#transport = transport;
    this.#platformId = platformId;
  }

  /** The platform's registration: name, contact, keys, webhook URL, status. */
  get(options?: RequestOptions): Promise<Result<'getPlatform'>> {
    return this.#transport.request(getPlatform, { params: { platformId: this.#platformId } }, options);
  }

  /**
   * Turns on symmetric `v1` webhook signatures for this platform's endpoint, or rotates the
   * `whsec_` secret (both secrets sign for `overlapSeconds`, default a day). Store the returned
   * secret in your Standard Webhooks library; it is shown only here.
   */
  rotateWebhookSecret(
    body: RequestBody<'rotateWebhookSecret'> = {},
    options?: RequestOptions,
  ): Promise<Result<'rotateWebhookSecret'>> {
    return this.#transport.request(
      rotateWebhookSecret,
      { params: { platformId: this.#platformId }, body },
      options,
    );
  }

  /** Turns `v1` signatures off again (webhooks keep their `v1a` signature). */
  async disableWebhookSecret(options?: RequestOptions): Promise<void> {
    await this.#transport.request(
      disableWebhookSecret,
      { params: { platformId: this.#platformId } },
      options,
    );
  }
}
