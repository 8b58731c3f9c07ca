import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, createPlatformClient, createWebhookVerifier } from '@ezhili/sdk';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  eventually,
  insertShop,
  platformKeyPair,
  registerPlatform,
  sendLead,
  signedPlatformFetch,
} from '../support/platform-fixtures.js';
import { type E2eServer, startE2eServer } from '../support/test-server.js';

interface Delivery {
  headers: Record<string, string>;
  body: string;
}

/**
 * Webhooks verifiable with standard libraries (issue 13): a platform opts in to the symmetric
 * Standard Webhooks `v1` signature; live deliveries from the real server's outbox worker are
 * then verified by the `standardwebhooks` npm package with the `whsec_` secret, and by the SDK
 * with the regulator's JWKS (`v1a`), from the same `webhook-signature` header. A rotation sends
 * both secrets' signatures until the overlap ends; turning `v1` off leaves `v1a` alone.
 */
describe('symmetric v1 webhook signatures beside v1a', () => {
  let server: E2eServer;
  let receiver: ReturnType<typeof createServer>;
  const deliveries: Delivery[] = [];
  let platformId: string;
  let shops = 0;
  let platform: ReturnType<typeof createPlatformClient>;
  let verifyV1a: ReturnType<typeof createWebhookVerifier>;
  let signed: ReturnType<typeof signedPlatformFetch>;

  beforeAll(async () => {
    server = await startE2eServer({ WEBHOOK_POLL_INTERVAL_MS: '50' });
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        deliveries.push({ headers: flat(request.headers), body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;
    const keys = await platformKeyPair('EdDSA');
    platformId = await registerPlatform(server, keys.publicJwk, {
      webhookUrl: `http://127.0.0.1:${port}/webhooks/ezhili`,
    });
    platform = createPlatformClient({ baseUrl: server.url, platformId, privateKey: keys.privateJwk });
    signed = signedPlatformFetch(server, platformId, keys.privateJwk);
    verifyV1a = createWebhookVerifier({ jwksUrl: `${server.url}/.well-known/jwks.json` });
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await server.close();
  });

  /** Sends a lead (a new shop each time: one open lead per shop) and waits for its webhook. */
  async function deliveredLead(): Promise<Delivery & { leadId: string }> {
    shops += 1;
    const lead = await sendLead(server, await insertShop(server, platformId, `sig-${shops}`));
    const delivery = await eventually(async () =>
      deliveries.find((d) => (JSON.parse(d.body) as { data: { id: string } }).data.id === lead.id),
    );
    return { ...delivery, leadId: lead.id };
  }
  const entries = (delivery: Delivery, version: string) =>
    delivery.headers['webhook-signature']!.split(' ').filter((entry) => entry.startsWith(`${version},`));

  it('sends v1a only until the platform opts in', async () => {
    const delivery = await deliveredLead();
    expect(entries(delivery, 'v1a')).toHaveLength(1);
    expect(entries(delivery, 'v1')).toEqual([]);
    expect(await verifyV1a(delivery.body, delivery.headers)).toMatchObject({ type: 'lead.created' });
  });

  it('adds a v1 signature the standardwebhooks package verifies, once the platform asks for a secret', async () => {
    const { secret, previousSecretExpiresAt } = await platform.platforms.rotateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(previousSecretExpiresAt).toBeNull();

    const delivery = await deliveredLead();
    expect(entries(delivery, 'v1')).toHaveLength(1);
    const payload = new Webhook(secret).verify(delivery.body, delivery.headers) as {
      type: string;
      data: { id: string };
    };
    expect(payload).toMatchObject({ type: 'lead.created', data: { id: delivery.leadId } });
    // The same header still carries v1a for the SDK (and anyone holding the JWKS).
    const event = await verifyV1a(delivery.body, delivery.headers);
    expect(event.type === 'lead.created' && event.data.id).toBe(delivery.leadId);
    // A forged body fails both.
    const forged = delivery.body.replace('lead.created', 'lead.created ');
    expect(() => new Webhook(secret).verify(forged, delivery.headers)).toThrow();
    await expect(verifyV1a(forged, delivery.headers)).rejects.toThrow();
  });

  it('rotates without downtime: both secrets sign during the overlap, then only the new one', async () => {
    await platform.platforms.disableWebhookSecret();
    const first = await platform.platforms.rotateWebhookSecret();
    expect(first.previousSecretExpiresAt).toBeNull();
    const admin = createClient({ baseUrl: server.url });
    await admin.staff.login({ email: 'admin@demo.local', password: 'demo' });
    const second = await admin.platforms.rotateWebhookSecret(platformId, { overlapSeconds: 2 });
    expect(second.secret).not.toBe(first.secret);
    expect(Date.parse(second.previousSecretExpiresAt!) - Date.parse(second.createdAt)).toBe(2000);

    const during = await deliveredLead();
    expect(entries(during, 'v1')).toHaveLength(2);
    expect(() => new Webhook(first.secret).verify(during.body, during.headers)).not.toThrow();
    expect(() => new Webhook(second.secret).verify(during.body, during.headers)).not.toThrow();

    await new Promise((resolve) => setTimeout(resolve, 2100));
    const after = await deliveredLead();
    expect(entries(after, 'v1')).toHaveLength(1);
    expect(() => new Webhook(second.secret).verify(after.body, after.headers)).not.toThrow();
    expect(() => new Webhook(first.secret).verify(after.body, after.headers)).toThrow();

    await platform.platforms.disableWebhookSecret();
    const off = await deliveredLead();
    expect(entries(off, 'v1')).toEqual([]);
    expect(() => new Webhook(second.secret).verify(off.body, off.headers)).toThrow();
    expect(await verifyV1a(off.body, off.headers)).toMatchObject({ type: 'lead.created' });
  }, 30_000);

  it("never gives a platform another platform's secret", async () => {
    const response = await signed('POST', '/platforms/plt_demo/webhook-secret', {});
    expect(response.status).toBe(403);
    expect(((await response.json()) as { code: string }).code).toBe('platform_mismatch');
  });
});

describe('the symmetric v1 test vectors (packages/sdk/test-vectors/webhooks.json)', () => {
  const { symmetric } = JSON.parse(
    readFileSync(new URL('../../packages/sdk/test-vectors/webhooks.json', import.meta.url), 'utf8'),
  ) as {
    symmetric: {
      testSecrets: string[];
      vectors: Array<{
        name: string;
        headers: Record<string, string>;
        body: string;
        now: number;
        validFor: string[];
      }>;
    };
  };
  afterAll(() => {
    vi.useRealTimers();
  });

  it.each(symmetric.vectors.map((vector) => [vector.name, vector] as const))(
    'standardwebhooks agrees: %s',
    (_name, vector) => {
      // The library checks the timestamp against the system clock.
      vi.useFakeTimers({ now: vector.now * 1000, toFake: ['Date'] });
      const accepted = symmetric.testSecrets.filter((secret) => {
        try {
          new Webhook(secret).verify(vector.body, vector.headers);
          return true;
        } catch {
          return false;
        }
      });
      vi.useRealTimers();
      expect(accepted).toEqual(vector.validFor);
    },
  );
});

function flat(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : String(value),
    ]),
  );
}
