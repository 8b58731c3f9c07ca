import type { ClientOptions } from '../core/options.js';
import { Transport, type TransportInternals } from '../core/transport.js';
import { SystemResource } from '../system/system-resource.js';
import { createWebhookVerifier, type WebhookVerifier } from '../webhooks/verify-webhook.js';
import { PlatformLeadsResource } from './platform-leads-resource.js';
import { PlatformPlatformsResource } from './platform-platforms-resource.js';
import { PlatformRelistingResource } from './platform-relisting-resource.js';
import { PlatformScorecardsResource } from './platform-scorecards-resource.js';
import { PlatformShopsResource } from './platform-shops-resource.js';
import { type PlatformSignerOptions, platformAuthenticate } from './request-signature.js';

export interface PlatformClientOptions
  extends Omit<ClientOptions, 'authenticate' | 'token' | 'credentials'>,
    Omit<PlatformSignerOptions, 'now'> {}

/**
 * A delivery platform's client: every request is signed with the platform's private key, and
 * the platform's own id fills the `{platformId}` of every path. One property per tag of the
 * operations a platform may call.
 */
export class PlatformClient {
  readonly platformId: string;
  readonly system: SystemResource;
  readonly platforms: PlatformPlatformsResource;
  readonly leads: PlatformLeadsResource;
  readonly relisting: PlatformRelistingResource;
  readonly scorecards: PlatformScorecardsResource;
  readonly shops: PlatformShopsResource;
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
    this.system = new SystemResource(this.transport);
    this.platforms = new PlatformPlatformsResource(this.transport, platformId);
    this.leads = new PlatformLeadsResource(this.transport, platformId);
    this.relisting = new PlatformRelistingResource(this.transport, platformId);
    this.scorecards = new PlatformScorecardsResource(this.transport, platformId);
    this.shops = new PlatformShopsResource(this.transport, platformId);
    this.verifyWebhook = createWebhookVerifier({
      jwksUrl: new URL('.well-known/jwks.json', this.transport.baseUrl),
      ...(clientOptions.fetch !== undefined && { fetch: clientOptions.fetch }),
      ...(internals?.now !== undefined && { now: internals.now }),
    });
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
