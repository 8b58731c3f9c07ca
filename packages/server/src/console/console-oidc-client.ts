import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { Clock } from '../clock/clock.js';
import type { OidcConfig } from '../config/config.js';
import { decryptAead, deriveKey, encryptAead } from '../crypto/aead.js';
import { constantTimeEqual, randomSecret, sha256Base64Url } from '../crypto/hashing.js';
import { unauthorized } from '../problem/problem-error.js';
import type { ConsoleSettings } from './console-settings.js';

/** The provider's endpoints, from its discovery document. */
interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

/** What the browser keeps between the redirect to the provider and the way back (sealed). */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  /** Epoch ms after which the flow is refused. */
  expires: number;
}

const FLOW_AAD = 'ezhili-console-oidc-flow-v1';
export const FLOW_SECONDS = 600;
const PROVIDER_TIMEOUT_MS = 10_000;

export const oidcFailed = (why: string) =>
  unauthorized(`The sign-in could not be completed (${why}); start again.`, 'oidc_failed');

/**
 * The console's OpenID Connect client: authorization code flow with PKCE (S256), state and
 * nonce. The flow's secrets travel in a cookie sealed with a key derived from the staff token
 * secret, so the server keeps no state between the redirect and the callback.
 */
export function createConsoleOidcClient(
  oidc: OidcConfig,
  client: NonNullable<ConsoleSettings['oidcClient']>,
  deps: { clock: Clock; secret: string },
) {
  const flowKey = deriveKey(deps.secret, 'console-oidc-flow');
  let metadata: Promise<ProviderMetadata> | undefined;
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;

  async function discover(): Promise<ProviderMetadata> {
    const url = `${oidc.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const document = (await response.json()) as ProviderMetadata;
    if (document.issuer !== oidc.issuer) throw new Error('discovery names another issuer');
    return document;
  }
  const provider = () => {
    metadata ??= discover().catch((error: unknown) => {
      metadata = undefined; // try again on the next sign-in
      throw error;
    });
    return metadata;
  };

  return {
    /** The provider's authorization URL and the sealed flow for the cookie. */
    async start(redirectUri: string): Promise<{ location: string; sealedFlow: string }> {
      const { authorization_endpoint } = await provider();
      const flow: OidcFlow = {
        state: randomSecret(24),
        nonce: randomSecret(24),
        verifier: randomSecret(48),
        redirectUri,
        expires: deps.clock.now().getTime() + FLOW_SECONDS * 1000,
      };
      const url = new URL(authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: client.clientId,
        redirect_uri: redirectUri,
        scope: client.scopes,
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: sha256Base64Url(flow.verifier),
        code_challenge_method: 'S256',
      }).toString();
      return {
        location: url.href,
        sealedFlow: encryptAead(flowKey, JSON.stringify(flow), FLOW_AAD).toString('base64url'),
      };
    },

    /** Checks the way back against the sealed flow, redeems the code and verifies the ID token. */
    async complete(
      sealedFlow: string | undefined,
      query: { code?: string; state?: string; error?: string; iss?: string },
    ): Promise<JWTPayload> {
      const flow = openFlow(sealedFlow);
      if (query.error) {
        throw oidcFailed(
          `the provider answered ${/^[a-z_]{1,64}$/.test(query.error) ? query.error : 'an error'}`,
        );
      }
      if (!query.state || !constantTimeEqual(query.state, flow.state))
        throw oidcFailed('state does not match');
      if (query.iss !== undefined && query.iss !== oidc.issuer) throw oidcFailed('another issuer answered');
      if (!query.code) throw oidcFailed('no code');
      const meta = await provider();
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        code: query.code,
        redirect_uri: flow.redirectUri,
        code_verifier: flow.verifier,
      });
      if (client.clientSecret) {
        const basic = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`;
        headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
      } else {
        form.set('client_id', client.clientId);
      }
      const response = await fetch(meta.token_endpoint, {
        method: 'POST',
        headers,
        body: form,
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      }).catch(() => {
        throw oidcFailed('the provider could not be reached');
      });
      const tokens = (await response.json().catch(() => ({}))) as { id_token?: unknown };
      if (!response.ok || typeof tokens.id_token !== 'string') throw oidcFailed('the code was not accepted');
      keys ??= createRemoteJWKSet(new URL(meta.jwks_uri));
      const { payload } = await jwtVerify(tokens.id_token, keys, {
        issuer: oidc.issuer,
        audience: client.clientId,
        currentDate: deps.clock.now(),
      }).catch(() => {
        throw oidcFailed('the ID token did not verify');
      });
      if (typeof payload.nonce !== 'string' || !constantTimeEqual(payload.nonce, flow.nonce)) {
        throw oidcFailed('nonce does not match');
      }
      return payload;
    },
  };

  function openFlow(sealed: string | undefined): OidcFlow {
    if (!sealed) throw oidcFailed('the sign-in was not started in this browser');
    let flow: OidcFlow;
    try {
      flow = JSON.parse(
        decryptAead(flowKey, Buffer.from(sealed, 'base64url'), FLOW_AAD).toString(),
      ) as OidcFlow;
    } catch {
      throw oidcFailed('the sign-in was not started in this browser');
    }
    if (deps.clock.now().getTime() > flow.expires) throw oidcFailed('the sign-in took too long');
    return flow;
  }
}
export type ConsoleOidcClient = ReturnType<typeof createConsoleOidcClient>;
