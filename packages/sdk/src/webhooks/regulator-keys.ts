import { EzhiliWebhookVerificationError } from './webhook-verification-error.js';

export interface PublicJwk {
  kty: string;
  crv?: string;
  x?: string;
  kid?: string;
  [name: string]: unknown;
}

export interface RegulatorKeySource {
  /** Where the regulator publishes its keys, e.g. `https://ezhili.example.gov.cn/.well-known/jwks.json`. */
  jwksUrl?: string | URL | undefined;
  /** Or the keys themselves (pinned; no fetching). */
  jwks?: { keys: PublicJwk[] } | undefined;
  fetch?: typeof globalThis.fetch | undefined;
  /** How long fetched keys are used before fetching again (default 10 minutes). */
  cacheMaxAgeMs?: number | undefined;
  /** Least time between two fetches triggered by an unknown signature (default 30 s). */
  cooldownMs?: number | undefined;
  now?: (() => number) | undefined;
}

/**
 * The regulator's Ed25519 verification keys from its JWKS, fetched and cached. A signature that
 * no cached key verifies triggers one refetch (at most once per cooldown), so a key rotation at
 * the regulator is picked up without a restart.
 */
export class RegulatorKeys {
  readonly #source: RegulatorKeySource;
  #keys: CryptoKey[] | undefined;
  #fetchedAt = Number.NEGATIVE_INFINITY;
  #inflight: Promise<CryptoKey[]> | undefined;

  constructor(source: RegulatorKeySource) {
    if (!source.jwks && !source.jwksUrl) throw new TypeError('Give the regulator keys: `jwksUrl` or `jwks`.');
    this.#source = source;
  }

  #now(): number {
    return (this.#source.now ?? Date.now)();
  }

  /** The cached keys (fetched when missing or stale). */
  async current(): Promise<CryptoKey[]> {
    const maxAge = this.#source.cacheMaxAgeMs ?? 10 * 60_000;
    if (this.#keys && (this.#source.jwks || this.#now() - this.#fetchedAt < maxAge)) return this.#keys;
    return this.#load();
  }

  /** Fresh keys after a signature failed, unless fetched within the cooldown; null when not refetched. */
  async refreshed(): Promise<CryptoKey[] | null> {
    if (this.#source.jwks) return null;
    if (this.#now() - this.#fetchedAt < (this.#source.cooldownMs ?? 30_000)) return null;
    return this.#load();
  }

  #load(): Promise<CryptoKey[]> {
    this.#inflight ??= (async () => {
      try {
        const jwks = this.#source.jwks ?? (await this.#fetch());
        const keys = await Promise.all(
          jwks.keys
            .filter((jwk) => jwk.kty === 'OKP' && jwk.crv === 'Ed25519')
            .map((jwk) =>
              crypto.subtle.importKey(
                'jwk',
                { kty: 'OKP', crv: 'Ed25519', x: jwk.x } as JsonWebKey,
                { name: 'Ed25519' },
                false,
                ['verify'],
              ),
            ),
        );
        this.#keys = keys;
        this.#fetchedAt = this.#now();
        return keys;
      } finally {
        this.#inflight = undefined;
      }
    })();
    return this.#inflight;
  }

  async #fetch(): Promise<{ keys: PublicJwk[] }> {
    const fetchImpl = this.#source.fetch ?? globalThis.fetch;
    let response: Response;
    try {
      response = await fetchImpl(String(this.#source.jwksUrl), { headers: { accept: 'application/json' } });
    } catch (error) {
      throw new EzhiliWebhookVerificationError(
        'keys_unavailable',
        'The regulator JWKS could not be fetched.',
        error,
      );
    }
    if (!response.ok) {
      throw new EzhiliWebhookVerificationError(
        'keys_unavailable',
        `The regulator JWKS answered ${response.status}.`,
      );
    }
    const body = (await response.json()) as { keys?: PublicJwk[] };
    if (!Array.isArray(body.keys))
      throw new EzhiliWebhookVerificationError('keys_unavailable', 'The regulator JWKS has no keys.');
    return { keys: body.keys };
  }
}
