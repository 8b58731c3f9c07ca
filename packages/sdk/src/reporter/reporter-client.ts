import type { ClientOptions } from '../core/options.js';
import { Transport, type TransportInternals } from '../core/transport.js';
import { ReferenceResource } from '../reference/reference-resource.js';
import { ShopsResource } from '../shops/shops-resource.js';
import { ReporterRewardsResource } from './reporter-rewards-resource.js';
import { ReporterTipsResource } from './reporter-tips-resource.js';
import { ReportersResource } from './reporters-resource.js';
import { createUploadProgressFetch } from './upload-progress-fetch.js';

/**
 * Options of the reporter client. In browsers, leave `fetch` unset: uploads then go through
 * XMLHttpRequest, which reports progress on any HTTP version (a custom fetch gets a streamed
 * body, which Chromium sends only over HTTP/2 or later).
 */
export type ReporterClientOptions = Omit<ClientOptions, 'authenticate'>;

/**
 * The reporter's side of the API, for browsers and Node alike, one property per tag: an
 * optional account (`reporters`), tips with evidence and upload progress and follow-up by
 * identity code and receipt secret (`tips`), the reward claim (`rewards`), and the public
 * lookups a tip form needs (`reference`, `shops`).
 */
export class ReporterClient {
  readonly reporters: ReportersResource;
  readonly tips: ReporterTipsResource;
  readonly rewards: ReporterRewardsResource;
  readonly reference: ReferenceResource;
  readonly shops: ShopsResource;
  /** @internal */
  readonly transport: Transport;

  constructor(options: ReporterClientOptions, internals?: Partial<TransportInternals>) {
    const uploads = createUploadProgressFetch(options.fetch);
    this.transport = new Transport({ ...options, fetch: uploads.fetch }, internals);
    this.reporters = new ReportersResource(this.transport);
    this.tips = new ReporterTipsResource(this.transport, uploads);
    this.rewards = new ReporterRewardsResource(this.transport);
    this.reference = new ReferenceResource(this.transport);
    this.shops = new ShopsResource(this.transport);
  }

  /** The reporter session token sent with each call, if logged in. */
  get token(): string | undefined {
    return this.transport.token;
  }

  setToken(token: string | undefined): void {
    this.transport.token = token;
  }
}

/**
 * Creates a reporter client:
 *
 * ```ts
 * const reporter = createReporterClient({ baseUrl: 'https://report.example.gov.cn' });
 * const receipt = await reporter.tips.submit(tip, {
 *   evidence: [{ data: file }],
 *   onUploadProgress: (p) => console.log(`${p.loadedBytes}/${p.totalBytes}`),
 * });
 * ```
 */
export function createReporterClient(options: ReporterClientOptions): ReporterClient {
  return new ReporterClient(options);
}
