import { operation, type QueryParams, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { PagePromise } from '../core/page-promise.js';
import { listOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';

export const getPlatformScorecard = operation(
  'getPlatformScorecard',
  'GET',
  '/platforms/{platformId}/scorecard',
);
export const listPlatformCards = operation('listPlatformCards', 'GET', '/platforms/{platformId}/cards');
const issuePlatformCard = operation('issuePlatformCard', 'POST', '/platforms/{platformId}/cards');

/** Platforms' scorecards and the red and yellow cards issued to them (tag `scorecards`). */
export class ScorecardsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** A platform's scorecard for a quarter (`2026-Q1`) or month (`2026-03`); current quarter by default. */
  get(
    platformId: string,
    query: QueryParams<'getPlatformScorecard'> = {},
    options?: RequestOptions,
  ): Promise<Result<'getPlatformScorecard'>> {
    return this.#transport.request(getPlatformScorecard, { params: { platformId }, query }, options);
  }

  /** The platform's cards, newest first; `for await` walks every page. */
  listCards(
    platformId: string,
    query: QueryParams<'listPlatformCards'> = {},
    options?: RequestOptions,
  ): PagePromise<Result<'listPlatformCards'>> {
    return listOperation(this.#transport, listPlatformCards, { params: { platformId }, query }, options);
  }

  /** Issues a red or yellow card; the platform hears of it by webhook (`card.issued`). */
  issueCard(
    platformId: string,
    body: RequestBody<'issuePlatformCard'>,
    options?: RequestOptions,
  ): Promise<Result<'issuePlatformCard'>> {
    return this.#transport.request(issuePlatformCard, { params: { platformId }, body }, options);
  }
}
