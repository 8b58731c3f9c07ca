import type { QueryParams, Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { PagePromise } from '../core/page-promise.js';
import { listOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';
import { getPlatformScorecard, listPlatformCards } from '../scorecards/scorecards-resource.js';

/** The platform's own scorecard and cards (tag `scorecards`). */
export class PlatformScorecardsResource {
  readonly #transport: Transport;
  readonly #platformId: string;

  constructor(transport: Transport, platformId: string) {
    this.#transport = transport;
    this.#platformId = platformId;
  }

  /** The scorecard for a quarter (`{ period: '2026-Q1' }`) or month (`2026-03`); current quarter by default. */
  get(
    query: QueryParams<'getPlatformScorecard'> = {},
    options?: RequestOptions,
  ): Promise<Result<'getPlatformScorecard'>> {
    return this.#transport.request(
      getPlatformScorecard,
      { params: { platformId: this.#platformId }, query },
      options,
    );
  }

  /** Red and yellow cards issued to the platform, newest first; `for await` walks every page. */
  listCards(
    query: QueryParams<'listPlatformCards'> = {},
    options?: RequestOptions,
  ): PagePromise<Result<'listPlatformCards'>> {
    return listOperation(
      this.#transport,
      listPlatformCards,
      { params: { platformId: this.#platformId }, query },
      options,
    );
  }
}
