import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestIdentityProvider {
  /** e.g. `http://localhost:41234` */
  issuer: string;
  /** Registers the console as a public client (PKCE) with its callback, once the server's URL is known. */
  register(redirectUri: string): void;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (`oidc-provider`, its development login and consent pages) on an
 * ephemeral port under `localhost`, another site than the ezhili server on 127.0.0.1. Every
 * login name is an official of district 350102 with the role its name starts with
 * (`district_handler-7` → district_handler; anything else gets no ezhili role).
 */
export async function startIdentityProvider(): Promise<TestIdentityProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const issuer = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    register(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: 'ezhili-console',
            token_endpoint_auth_method: 'none',
            redirect_uris: [redirectUri],
            response_types: ['code'],
            grant_types: ['authorization_code'],
          },
        ],
        pkce: { required: () => true },
        claims: {
          openid: ['sub'],
          email: ['email'],
          profile: ['name'],
          ezhili: ['ezhili_roles', 'ezhili_district'],
        },
        // The roles travel in the ID token itself (the console never calls userinfo).
        conformIdTokenClaims: false,
        cookies: { keys: ['ezhili-test-provider-cookie-key'] },
        findAccount: async (_ctx, id) => ({
          accountId: id,
          claims: async () => ({
            sub: id,
            email: `${id}@idp.example`,
            name: `Official ${id}`,
            ezhili_roles: id.startsWith('district_handler') ? ['district_handler'] : [],
            ezhili_district: '350102',
          }),
        }),
      });
      server.on('request', provider.callback());
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
