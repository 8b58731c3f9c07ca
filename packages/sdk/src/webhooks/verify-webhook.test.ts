import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import vectors from '../../test-vectors/webhooks.json' with { type: 'json' };
import { createWebhookVerifier, verifyWebhook } from './verify-webhook.js';
import { fetchWebhookHandler, honoWebhookHandler, nodeWebhookHandler } from './webhook-handlers.js';
import { EzhiliWebhookVerificationError } from './webhook-verification-error.js';

const first = vectors.vectors[0]! as (typeof vectors.vectors)[number] & { headers: Record<string, string> };
const at = (seconds: number) => () => seconds * 1000;

describe('verifyWebhook', () => {
  for (const vector of vectors.vectors) {
    it(`test vector: ${vector.name}`, async () => {
      const verify = createWebhookVerifier({ jwks: vectors.jwks, now: at(vector.now) });
      const result = verify(vector.body, vector.headers as Record<string, string>);
      if (vector.valid) {
        const event = await result;
        expect(event.type).toBe(vector.eventType);
        expect(event.id).toBe(vector.headers['webhook-id']);
        expect(event.data).toEqual(JSON.parse(vector.body).data);
      } else {
        await expect(result).rejects.toMatchObject({
          name: 'EzhiliWebhookVerificationError',
          code: vector.error,
        });
      }
    });
  }

  it('accepts bytes and Fetch headers, and refuses a parsed body', async () => {
    const verify = createWebhookVerifier({ jwks: vectors.jwks, now: at(first.now) });
    const bytes = new TextEncoder().encode(first.body);
    await expect(verify(bytes, new Headers(first.headers))).resolves.toMatchObject({ type: 'lead.created' });
    await expect(verify(bytes.buffer as ArrayBuffer, first.headers)).resolves.toMatchObject({
      type: 'lead.created',
    });
    const parsed = JSON.parse(first.body) as never;
    await expect(verify(parsed, first.headers)).rejects.toMatchObject({ code: 'raw_body_required' });
    await expect(verify(parsed, first.headers)).rejects.toBeInstanceOf(EzhiliWebhookVerificationError);
  });

  it('fetches the regulator JWKS once, and again when a rotated key signs', async () => {
    let served = { keys: [vectors.jwks.keys[0]!] };
    let fetches = 0;
    const fetchJwks = (async () => {
      fetches++;
      return new Response(JSON.stringify(served), { headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    let now = first.now * 1000;
    const verify = createWebhookVerifier({
      jwksUrl: 'https://regulator.example/.well-known/jwks.json',
      fetch: fetchJwks,
      now: () => now,
    });
    await verify(first.body, first.headers);
    await verify(first.body, first.headers);
    expect(fetches).toBe(1);
    const rotated = vectors.vectors[1]!;
    now = rotated.now * 1000;
    // The new key is not published yet: refetch once, still refused.
    await expect(verify(rotated.body, rotated.headers)).rejects.toMatchObject({ code: 'signature_invalid' });
    expect(fetches).toBe(2);
    // Within the cooldown a second failure does not refetch.
    served = { keys: vectors.jwks.keys };
    await expect(verify(rotated.body, rotated.headers)).rejects.toMatchObject({ code: 'signature_invalid' });
    expect(fetches).toBe(2);
    // After the cooldown the new key is fetched and the event verifies.
    now += 31_000;
    const event = await verify(rotated.body, rotated.headers);
    expect(event.type).toBe('card.issued');
    expect(fetches).toBe(3);
  });

  it('reports an unreachable JWKS as keys_unavailable', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(
      verifyWebhook(first.body, first.headers, {
        jwksUrl: 'https://down.example/jwks',
        fetch: failing,
        now: at(first.now),
      }),
    ).rejects.toMatchObject({ code: 'keys_unavailable' });
  });
});

describe('webhook handlers', () => {
  const received: unknown[] = [];
  const options = {
    jwks: vectors.jwks,
    now: at(first.now),
    onEvent: (event: unknown) => {
      received.push(event);
    },
  };

  it('Fetch API and Hono: 204 for a verified event, 400 for a forged one, 500 when the handler fails', async () => {
    const handle = fetchWebhookHandler(options);
    const request = (body: string) =>
      new Request('https://platform.example/hooks', { method: 'POST', headers: first.headers, body });
    expect((await handle(request(first.body))).status).toBe(204);
    expect(received).toHaveLength(1);
    const forged = await handle(request(first.body.replace('open', 'done!')));
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ code: 'signature_invalid' });
    const failing = fetchWebhookHandler({ ...options, onEvent: () => Promise.reject(new Error('db down')) });
    expect((await failing(request(first.body))).status).toBe(500);
    const hono = honoWebhookHandler(options);
    expect((await hono({ req: { raw: request(first.body) } })).status).toBe(204);
  });

  it('Node http / Express: reads the raw stream, or a raw Buffer body, and refuses parsed JSON', async () => {
    const handle = nodeWebhookHandler(options);
    let parsedBody: unknown;
    const server = createServer((req, res) => {
      if (req.url === '/parsed') (req as unknown as { body: unknown }).body = parsedBody;
      void handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const post = (path: string, body = first.body) =>
        fetch(url + path, { method: 'POST', headers: first.headers, body });
      expect((await post('/raw')).status).toBe(204);
      expect((await post('/raw', `${first.body} `)).status).toBe(400);
      parsedBody = Buffer.from(first.body);
      expect((await post('/parsed')).status).toBe(204);
      parsedBody = JSON.parse(first.body);
      const refused = await post('/parsed');
      expect(refused.status).toBe(500);
      expect(await refused.json()).toMatchObject({ code: 'raw_body_required' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
