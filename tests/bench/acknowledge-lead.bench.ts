import { createPrivateKey, createPublicKey, randomUUID, sign, verify } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import {
  BENCH_SECONDS,
  isMain,
  measure,
  report,
  startBareHono,
  startBenchServer,
  startDurableInsertBaseline,
} from './harness.js';

/**
 * Signed acknowledgeLead (detached-JWS verification, replay check with a jti write, the lead
 * read) against a bare Hono endpoint that parses the same JSON body and answers JSON.
 * Every request carries a fresh signature (new jti, current iat), made synchronously here.
 */
export async function benchAcknowledgeLead(): Promise<void> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const kid = 'bench-key';
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA' };
  const verifyKey = createPublicKey({ key: publicJwk as never, format: 'jwk' });
  const signatureHolds = (body: string, signatureHeader: string | undefined) => {
    const [header, , signature] = (signatureHeader ?? '').split('.');
    return verify(
      null,
      Buffer.from(`${header}.${body}`),
      verifyKey,
      Buffer.from(signature ?? '', 'base64url'),
    );
  };
  const durable = await startDurableInsertBaseline((body, header) =>
    signatureHolds(body, header('ezhili-signature')),
  );
  const bare = await startBareHono((app) => {
    app.post('/ack', async (c) => c.json({ received: await c.req.json(), status: 'acknowledged' }));
    // The same shape plus the signature check alone (no replay table, no database).
    app.post('/ack-verified', async (c) => {
      const body = await c.req.text();
      return signatureHolds(body, c.req.header('ezhili-signature'))
        ? c.json({ received: JSON.parse(body), status: 'acknowledged' })
        : c.json({ error: 'bad' }, 401);
    });
  });
  const server = await startBenchServer();
  try {
    const signingKey = createPrivateKey({ key: (await exportJWK(privateKey)) as never, format: 'jwk' });
    const api = (path: string, init: RequestInit & { token?: string } = {}) =>
      fetch(`${server.url}${path}`, {
        ...init,
        headers: {
          'content-type': 'application/json',
          ...(init.token && { authorization: `Bearer ${init.token}` }),
        },
      });
    const login = async (email: string) =>
      (
        (await (
          await api('/staff/sessions', { method: 'POST', body: JSON.stringify({ email, password: 'demo' }) })
        ).json()) as { token: string }
      ).token;
    const platform = (await (
      await api('/platforms', {
        method: 'POST',
        token: await login('admin@demo.local'),
        body: JSON.stringify({ name: 'Bench', jwks: { keys: [publicJwk] }, contacts: [] }),
      })
    ).json()) as { id: string };
    const now = new Date().toISOString();
    await server.ctx.db.execute({
      sql: `INSERT INTO shops (id, platform_id, platform_shop_id, name, district_code, online, created_at, updated_at)
            VALUES ('shop_bench', ?, 'bench-1', 'Bench Shop', '350102', 1, ?, ?)`,
      args: [platform.id, now, now],
    });
    const lead = (await (
      await api('/leads', {
        method: 'POST',
        token: await login('intake@demo.local'),
        body: JSON.stringify({ source: 'shop', shopId: 'shop_bench', summary: 'bench' }),
      })
    ).json()) as { id: string };

    const path = `/platforms/${platform.id}/leads/${lead.id}/acknowledgement`;
    const body = JSON.stringify({ note: 'received' });
    const signed = () => {
      const header = Buffer.from(
        JSON.stringify({
          alg: 'EdDSA',
          kid,
          b64: false,
          crit: ['b64'],
          iss: platform.id,
          iat: Math.floor(Date.now() / 1000),
          jti: randomUUID(),
          htm: 'POST',
          htu: path,
        }),
      ).toString('base64url');
      const signature = sign(null, Buffer.from(`${header}.${body}`), signingKey).toString('base64url');
      return {
        headers: { 'content-type': 'application/json', 'ezhili-signature': `${header}..${signature}` },
        body,
      };
    };
    const check = await fetch(`${server.url}${path}`, { method: 'POST', ...signed() });
    if (check.status !== 200)
      throw new Error(`acknowledgeLead answered ${check.status}: ${await check.text()}`);

    const baseline = await measure('bare Hono POST /ack (JSON in, out)', {
      url: `${bare.url}/ack`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const verifiedOnly = await measure('bare Hono + signature check', {
      url: `${bare.url}/ack-verified`,
      method: 'POST',
      setupRequest: signed,
    });
    const candidate = await measure('ezhili acknowledgeLead (signed)', {
      url: `${server.url}${path}`,
      method: 'POST',
      setupRequest: signed,
    });
    report(
      `acknowledgeLead with a fresh detached JWS per request, ${BENCH_SECONDS} s each`,
      candidate,
      baseline,
    );
    report('What the signature check alone costs (bare Hono with and without it)', verifiedOnly, baseline);
    // The write path's target: at least 0.5x of the same signature check plus one fsynced insert.
    report(
      `acknowledgeLead against the signature check + one durable insert (synchronous = FULL), ${BENCH_SECONDS} s each`,
      candidate,
      await measure('bare Hono + signature + 1 fsynced insert', {
        url: durable.url,
        method: 'POST',
        setupRequest: signed,
      }),
    );
  } finally {
    await server.close();
    await bare.close();
    await durable.close();
  }
}

if (isMain(import.meta)) await benchAcknowledgeLead();
