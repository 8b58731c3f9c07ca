import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequestSigner } from '@ezhili/sdk';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import type { E2eServer } from './test-server.js';

/** A platform key pair as a platform keeps it: the private JWK (with kid) and the public JWK. */
export async function platformKeyPair(alg: 'EdDSA' | 'ES256' = 'EdDSA', kid = `key-${crypto.randomUUID()}`) {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' && { crv: 'Ed25519' }),
  });
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg } as JWK,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } as JWK,
  };
}

/** Registers a platform through the API as the demo admin; returns its id. */
export async function registerPlatform(
  server: E2eServer,
  publicJwk: JWK,
  options: { webhookUrl?: string; name?: string } = {},
): Promise<string> {
  const response = await server.api('/platforms', {
    token: await server.login('admin@demo.local'),
    json: {
      name: options.name ?? 'E2E Delivery',
      jwks: { keys: [publicJwk] },
      ...(options.webhookUrl && { webhookUrl: options.webhookUrl }),
      contacts: [{ name: 'Compliance desk', email: 'compliance@e2e.example' }],
    },
  });
  if (response.status !== 201)
    throw new Error(`registerPlatform: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Puts a shop listed by the platform into the registry (the shop feed belongs to another module). */
export async function insertShop(
  server: E2eServer,
  platformId: string,
  platformShopId: string,
  name = 'E2E Noodles',
) {
  const at = server.ctx.clock.now();
  const id = `shop_${platformShopId.replace(/[^a-z0-9]/gi, '_')}_${at.getTime()}`;
  const now = at.toISOString();
  await server.ctx.db.execute({
    sql: `INSERT INTO shops (id, platform_id, platform_shop_id, name, district_code, online, created_at, updated_at)
          VALUES (?, ?, ?, ?, '350102', 1, ?, ?)`,
    args: [id, platformId, platformShopId, name, now, now],
  });
  return id;
}

/** Sends a lead for a shop as the demo intake officer; returns the lead. */
export async function sendLead(
  server: E2eServer,
  shopId: string,
  summary = 'Kitchen without a valid licence',
) {
  const response = await server.api('/leads', {
    token: await server.login('intake@demo.local'),
    json: { source: 'shop', shopId, summary, violationCategory: 'no_valid_licence' },
  });
  if (response.status !== 201) throw new Error(`createLead: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; platformId: string; status: string };
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('eventually: timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The demo platform `plt_demo` with its private key (DEMO ONLY, checked in under examples/). */
export function demoPlatformKey(): { platformId: string; privateJwk: JWK } {
  const url = new URL('../../examples/platform-integration/demo-platform-key.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as { platformId: string; privateJwk: JWK };
}

/** A `fetch` signed as a platform (detached JWS over the exact body), returning the raw response. */
export function signedPlatformFetch(server: E2eServer, platformId: string, privateJwk: JWK) {
  const sign = createRequestSigner({ platformId, privateKey: privateJwk });
  return async (method: string, path: string, json?: unknown): Promise<Response> => {
    const body = json === undefined ? '' : JSON.stringify(json);
    const url = new URL(path, server.url);
    return fetch(url, {
      method,
      headers: {
        'ezhili-signature': await sign({ method, url, body }),
        ...(json !== undefined && { 'content-type': 'application/json' }),
      },
      ...(json !== undefined && { body }),
    });
  };
}

/** A platform's webhook endpoint: keeps every body it receives and answers with `status`. */
export interface WebhookReceiver {
  url: string;
  bodies: string[];
  status: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(status = 204): Promise<WebhookReceiver> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/ezhili`,
    bodies: [],
    status,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return receiver;
}
