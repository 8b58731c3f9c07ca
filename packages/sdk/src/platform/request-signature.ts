import { FlattenedSign, importJWK, type JWK } from 'jose';
import type { Authenticate } from '../core/options.js';

/** The header that carries a platform's request signature. */
export const SIGNATURE_HEADER = 'Ezhili-Signature';

export type PlatformAlgorithm = 'EdDSA' | 'ES256';

/**
 * A platform's private key: a JWK (with `d`), a WebCrypto CryptoKey, or in Node a KeyObject
 * (anything jose can sign with).
 */
export type PlatformPrivateKey =
  | JWK
  | CryptoKey
  | { readonly type: string; readonly asymmetricKeyType?: string | undefined };

export interface PlatformSignerOptions {
  /** The platform's id at the regulator (the JWS `iss`). */
  platformId: string;
  privateKey: PlatformPrivateKey;
  /** The key's id in the platform's JWKS; taken from the JWK when omitted. */
  kid?: string | undefined;
  /** EdDSA (Ed25519) or ES256 (P-256); inferred from a JWK when omitted. */
  alg?: PlatformAlgorithm | undefined;
  /** The clock, in milliseconds (tests). */
  now?: (() => number) | undefined;
}

export interface SignableRequest {
  method: string;
  /** The full URL as sent; the signature binds its path and query (`htu`). */
  url: URL | string;
  /** The exact body bytes (empty for none). */
  body: string | Uint8Array | undefined;
}

/**
 * Signs requests the way the regulator verifies them: a detached JWS (RFC 7797, `b64: false`,
 * `crit: ["b64"]`) over the exact body bytes, protected header `{alg, kid, iss, iat, jti, htm,
 * htu}`, in compact form with an empty payload: `<protected>..<signature>`.
 */
export function createRequestSigner(options: PlatformSignerOptions) {
  const jwk = isJwk(options.privateKey) ? options.privateKey : undefined;
  const kid = options.kid ?? jwk?.kid;
  if (!kid) throw new TypeError('The platform key needs a kid (pass `kid` or use a JWK with one).');
  const alg = options.alg ?? (jwk ? algorithmOf(jwk) : undefined);
  if (!alg) throw new TypeError('Pass `alg` ("EdDSA" or "ES256") for a key that is not a JWK.');
  const now = options.now ?? Date.now;
  let key: Promise<CryptoKey | Uint8Array | object> | undefined;
  const signingKey = () => {
    key ??= jwk ? importJWK(jwk, alg) : Promise.resolve(options.privateKey as object);
    return key;
  };

  return async function sign(request: SignableRequest): Promise<string> {
    const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
    const body =
      typeof request.body === 'string'
        ? new TextEncoder().encode(request.body)
        : (request.body ?? new Uint8Array());
    const jws = await new FlattenedSign(body)
      .setProtectedHeader({
        alg,
        kid,
        b64: false,
        crit: ['b64'],
        iss: options.platformId,
        iat: Math.floor(now() / 1000),
        jti: randomJti(),
        htm: request.method.toUpperCase(),
        htu: url.pathname + url.search,
      })
      .sign((await signingKey()) as CryptoKey);
    return `${jws.protected}..${jws.signature}`;
  };
}

/** An `authenticate` hook for the client: every attempt (retries too) is signed afresh. */
export function platformAuthenticate(options: PlatformSignerOptions): Authenticate {
  const sign = createRequestSigner(options);
  return async (request) => {
    request.headers.delete('Authorization');
    request.headers.set(
      SIGNATURE_HEADER,
      await sign({ method: request.method, url: request.url, body: request.body }),
    );
  };
}

function isJwk(key: PlatformPrivateKey): key is JWK {
  return typeof (key as JWK).kty === 'string';
}

function algorithmOf(jwk: JWK): PlatformAlgorithm | undefined {
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return 'EdDSA';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256') return 'ES256';
  return undefined;
}

function randomJti(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
