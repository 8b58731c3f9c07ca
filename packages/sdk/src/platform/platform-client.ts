import type { Schema, SuccessBody } from '@ezhili/contract';
import { operation, type QueryParams } from '../core/operation.js';
import type { ClientOptions, RequestOptions } from '../core/options.js';
import type { Paginated, PaginateOptions } from '../core/paginate.js';
import { paginateOperation } from '../core/paginate-operation.js';
import { Transport, type TransportInternals } from '../core/transport.js';
import { createWebhookVerifier, type WebhookVerifier } from '../webhooks/verify-webhook.js';
import { PlatformLeadsResource } from './platform-leads-resource.js';
import { PlatformRelistingResource } from './platform-relisting-resource.js';
import { type PlatformSignerOptions, platformAuthenticate } from './request-signature.js';

const getPlatform = operation('getPlatform', 'GET', '/platforms/{platformId}');
const getPlatformScorecard = operation('getPlatformScorecard', 'GET', '/platforms/{platformId}/scorecard');
const listPlatformCards = operation('listPlatformCards', 'GET', '/platforms/{platformId}/cards');

export interface PlatformClientOptions
  extends Omit<ClientOptions, 'authenticate' | 'token'>,
    Omit<PlatformSignerOptions, 'now'> {}

/** A delivery platform's client: every request is signed with the platform's private key. */
export class PlatformClient {
  readonly platformId: string;
  readonly leads: PlatformLeadsResource;
  readonly relisting: PlatformRelistingResource;
  /**
   * `verifyWebhook(rawBody, headers)`: verifies a webhook from this regulator against its JWKS
   * (`<baseUrl>/.well-known/jwks.json`, fetched and cached) and returns the typed event.
   */
  readonly verifyWebhook: WebhookVerifier;
  /** @internal */
  readonly transport: Transport;

  constructor(options: PlatformClientOptions, internals?: Partial<TransportInternals>) {
    const { platformId, privateKey, kid, alg, ...clientOptions } = options;
    this.platformId = platformId;
    this.transport = new Transport(
      {
        ...clientOptions,
        authenticate: platformAuthenticate({
          platformId,
          privateKey,
          kid,
          alg,
          ...(internals?.now !== undefined && { now: internals.now }),
        }),
      },
      internals,
    );
    this.leads = new PlatformLeadsResource(this.transport, platformId);
    this.relisting = new PlatformRelistingResource(this.transport, platformId);
    this.verifyWebhook = createWebhookVerifier({
      jwksUrl: new URL('.well-known/jwks.json', this.transport.baseUrl),
      ...(clientOptions.fetch !== undefined && { fetch: clientOptions.fetch }),
      ...(internals?.now !== undefined && { now: internals.now }),
    });
  }

  /** The platform's registration at the regulator. */
  me(options?: RequestOptions): Promise<Schema<'Platform'>> {
    return this.transport.request(getPlatform, { params: { platformId: this.platformId } }, options);
  }

  /** The platform's scorecard for a quarter (`2026-Q1`) or month (`2026-03`); current quarter by default. */
  scorecard(period?: string, options?: RequestOptions): Promise<Schema<'PlatformScorecard'>> {
    return this.transport.request(
      getPlatformScorecard,
      { params: { platformId: this.platformId }, query: period === undefined ? {} : { period } },
      options,
    );
  }

  cards(
    query: QueryParams<'listPlatformCards'> = {},
    options?: RequestOptions,
  ): Promise<SuccessBody<'listPlatformCards'>> {
    return this.transport.request(
      listPlatformCards,
      { params: { platformId: this.platformId }, query },
      options,
    );
  }

  allCards(options: RequestOptions & PaginateOptions = {}): Paginated<Schema<'PlatformCard'>> {
    return paginateOperation(
      this.transport,
      listPlatformCards,
      { params: { platformId: this.platformId } },
      options,
    );
  }
}

/**
 * Creates a platform client:
 *
 * ```ts
 * const platform = createPlatformClient({
 *   baseUrl: 'https://ezhili.example.gov.cn',
 *   platformId: 'plt_…',
 *   privateKey: JSON.parse(process.env.EZHILI_PLATFORM_JWK!), // { kty: 'OKP', crv: 'Ed25519', d, x, kid }
 * });
 * for await (const lead of platform.leads.pull()) await platform.leads.acknowledge(lead.id);
 * ```
 */
export function createPlatformClient(options: PlatformClientOptions): PlatformClient {
  return new PlatformClient(options);
}
