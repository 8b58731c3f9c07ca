import { exportJWK, flattenedVerify, generateKeyPair, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import vectors from '../../test-vectors/webhooks.json' with { type: 'json' };
import { fakeTime } from '../testing/fake-time.js';
import { PlatformClient } from './platform-client.js';

interface Sent {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

async function platformKey(alg: 'EdDSA' | 'ES256') {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' && { crv: 'Ed25519' }),
  });
  return {
    privateJwk: { ...(await exportJWK(privateKey)), kid: `k-${alg}` },
    publicJwk: await exportJWK(publicKey),
  };
}

/** A stand-in server that records requests and answers from a script. */
function recordingFetch(answers: Array<() => Response>) {
  const sent: Sent[] = [];
  const fetchImpl = (async (input: Request | URL | string, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push({
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: await request.text(),
    });
    return (
      answers.shift() ?? (() => new Response('{}', { headers: { 'content-type': 'application/json' } }))
    )();
  }) as typeof fetch;
  return { sent, fetchImpl };
}

const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function verifySignature(sent: Sent, publicJwk: Record<string, unknown>, alg: string) {
  const [protectedHeader, , signature] = sent.headers.get('ezhili-signature')!.split('.');
  const result = await flattenedVerify(
    { protected: protectedHeader!, payload: new TextEncoder().encode(sent.body), signature: signature! },
    await importJWK(publicJwk, alg),
  );
  return result.protectedHeader as Record<string, unknown>;
}

describe('the platform client', () => {
  for (const alg of ['EdDSA', 'ES256'] as const) {
    it(`signs the exact body, method and path with ${alg}`, async () => {
      const key = await platformKey(alg);
      const { sent, fetchImpl } = recordingFetch([json({ id: 'lead_1' })]);
      const time = fakeTime();
      const client = new PlatformClient(
        {
          baseUrl: 'https://regulator.example',
          platformId: 'plt_1',
          privateKey: key.privateJwk,
          fetch: fetchImpl,
        },
        time.internals,
      );
      await client.leads.acknowledge('lead_1', { note: '收到' });
      const [request] = sent;
      expect(request!.url.pathname).toBe('/platforms/plt_1/leads/lead_1/acknowledgement');
      expect(request!.headers.get('authorization')).toBeNull();
      expect(request!.headers.get('idempotency-key')).toBeTruthy();
      const header = await verifySignature(request!, key.publicJwk, alg);
      expect(header).toMatchObject({
        alg,
        kid: `k-${alg}`,
        b64: false,
        crit: ['b64'],
        iss: 'plt_1',
        htm: 'POST',
        htu: '/platforms/plt_1/leads/lead_1/acknowledgement',
        iat: Math.floor(time.internals.now!() / 1000),
      });
      expect(header.jti).toMatch(/^[0-9a-f]{32}$/);
    });
  }

  it('binds the query string of a GET and signs each retry afresh', async () => {
    const key = await platformKey('EdDSA');
    const { sent, fetchImpl } = recordingFetch([
      json({ code: 'x' }, 503),
      json({ items: [], nextCursor: 'c2' }),
    ]);
    const client = new PlatformClient(
      {
        baseUrl: 'https://regulator.example/api',
        platformId: 'plt_1',
        privateKey: key.privateJwk,
        fetch: fetchImpl,
      },
      fakeTime().internals,
    );
    await client.leads.list({ cursor: 'c1', limit: 10 });
    expect(sent).toHaveLength(2);
    const headers = await Promise.all(sent.map((s) => verifySignature(s, key.publicJwk, 'EdDSA')));
    expect(headers[0]!.htu).toBe('/api/platforms/plt_1/leads?cursor=c1&limit=10');
    expect(headers[0]!.htm).toBe('GET');
    expect(headers[0]!.jti).not.toBe(headers[1]!.jti);
  });

  it('pulls leads across pages with for await and remembers where to resume', async () => {
    const key = await platformKey('EdDSA');
    const { sent, fetchImpl } = recordingFetch([
      json({ items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'after-b' }),
      json({ items: [{ id: 'c' }], nextCursor: 'after-c' }),
      json({ items: [], nextCursor: 'after-c' }),
    ]);
    const client = new PlatformClient(
      {
        baseUrl: 'https://regulator.example',
        platformId: 'plt_1',
        privateKey: key.privateJwk,
        fetch: fetchImpl,
      },
      fakeTime().internals,
    );
    const leads = client.leads.pull({ limit: 2 });
    const ids: string[] = [];
    for await (const lead of leads) ids.push(lead.id);
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(leads.cursor).toBe('after-c');
    expect(sent.map((s) => s.url.searchParams.get('cursor'))).toEqual([null, 'after-b', 'after-c']);
  });

  it('needs a kid and an algorithm it can infer', async () => {
    const key = await platformKey('EdDSA');
    const { kid: _kid, ...withoutKid } = key.privateJwk;
    expect(
      () => new PlatformClient({ baseUrl: 'https://r.example', platformId: 'p', privateKey: withoutKid }),
    ).toThrow(/kid/);
  });
  it('signs with a Node KeyObject given kid and alg', async () => {
    const { createPrivateKey } = await import('node:crypto');
    const key = await platformKey('ES256');
    const keyObject = createPrivateKey({ key: key.privateJwk as never, format: 'jwk' });
    const { sent, fetchImpl } = recordingFetch([json({ id: 'plt_1' })]);
    const client = new PlatformClient(
      {
        baseUrl: 'https://regulator.example',
        platformId: 'plt_1',
        privateKey: keyObject,
        kid: 'k-node',
        alg: 'ES256',
        fetch: fetchImpl,
      },
      fakeTime().internals,
    );
    await client.platforms.get();
    expect(await verifySignature(sent[0]!, key.publicJwk, 'ES256')).toMatchObject({
      kid: 'k-node',
      htm: 'GET',
      htu: '/platforms/plt_1',
    });
    expect(sent[0]!.body).toBe('');
  });
  it('verifies webhooks against the regulator JWKS at its base URL', async () => {
    const key = await platformKey('EdDSA');
    const vector = vectors.vectors[0]!;
    const { sent, fetchImpl } = recordingFetch([json(vectors.jwks)]);
    const client = new PlatformClient(
      {
        baseUrl: 'https://regulator.example/api',
        platformId: 'plt_1',
        privateKey: key.privateJwk,
        fetch: fetchImpl,
      },
      { ...fakeTime().internals, now: () => vector.now * 1000 },
    );
    const event = await client.verifyWebhook(vector.body, vector.headers as Record<string, string>);
    expect(event).toMatchObject({ type: 'lead.created', id: vector.headers['webhook-id'] });
    expect(sent.map((s) => s.url.href)).toEqual(['https://regulator.example/api/.well-known/jwks.json']);
  });
});
