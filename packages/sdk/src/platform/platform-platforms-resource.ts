import type { Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';
import { getPlatform } from '../platforms/platforms-resource.js';

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
}
