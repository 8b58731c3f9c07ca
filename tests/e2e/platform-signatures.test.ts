import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createPlatformClient,
  createRequestSigner,
  EzhiliAuthenticationError,
  type PlatformClient,
} from '@ezhili/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  insertShop,
  platformKeyPair,
  registerPlatform,
  sendLead,
} from '../support/platform-fixtures.js';
import { type E2eServer, startE2eServer } from '../support/test-server.js';

/**
 * Signed platform calls over real HTTP with real keys (EdDSA and ES256): every forged, altered,
 * replayed, stale or misdirected call is a clear 4xx problem and changes nothing; a receiver
 * that fails loses no lead.
 */
describe('platform signatures end to end', () => {
  let server: E2eServer;
  let ed: { id: string; client: PlatformClient; privateJwk: Record<string, unknown> };
  let es: { id: string; client: PlatformClient };
  let leadId: string;
  let esLeadId: string;

  beforeAll(async () => {
    server = await startE2eServer({ WEBHOOK_POLL_INTERVAL_MS: '50' });
    const edKeys = await platformKeyPair('EdDSA');
    const esKeys = await platformKeyPair('ES256');
    const edId = await registerPlatform(server, edKeys.publicJwk, { name: 'Ed' });
    const esId = await registerPlatform(server, esKeys.publicJwk, { name: 'Es' });
    ed = {
      id: edId,
      privateJwk: edKeys.privateJwk as never,
      client: createPlatformClient({
        baseUrl: server.url,
        platformId: edId,
        privateKey: edKeys.privateJwk,
        maxRetries: 0,
      }),
    };
    es = {
      id: esId,
      client: createPlatformClient({
        baseUrl: server.url,
        platformId: esId,
        privateKey: esKeys.privateJwk,
        maxRetries: 0,
      }),
    };
    leadId = (await sendLead(server, await insertShop(server, edId, 'sig-1'))).id;
    esLeadId = (await sendLead(server, await insertShop(server, esId, 'sig-2'))).id;
  });
  afterAll(() => server.close());

  const leadRow = async (id: string) =>
    (
      await server.ctx.db.execute({
        sql: 'SELECT status, acknowledged_at, action FROM leads WHERE id = ?',
        args: [id],
      })
    ).rows[0]!;
  const auditCount = async () =>
    Number((await server.ctx.db.execute('SELECT COUNT(*) AS n FROM audit_events')).rows[0]!.n);

  /** Sends a request with a signature made by `sign` over `signedBody`, and the body `body`. */
  const send = async (
    path: string,
    body: string,
    overrides: {
      method?: string;
      signedMethod?: string;
      signedPath?: string;
      signedBody?: string;
      signature?: string | null;
      now?: number;
    } = {},
  ) => {
    const signer = createRequestSigner({
      platformId: ed.id,
      privateKey: ed.privateJwk as never,
      ...(overrides.now !== undefined && { now: () => overrides.now! }),
    });
    const signature =
      overrides.signature === undefined
        ? await signer({
            method: overrides.signedMethod ?? overrides.method ?? 'POST',
            url: new URL(overrides.signedPath ?? path, server.url),
            body: overrides.signedBody ?? body,
          })
        : overrides.signature;
    return fetch(new URL(path, server.url), {
      method: overrides.method ?? 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature !== null && { 'ezhili-signature': signature }),
      },
      body,
    });
  };
  const expectProblem = async (response: Response, status: number, code: string) => {
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as Record<string, unknown>;
    expect({ status: response.status, code: problem.code }).toEqual({ status, code });
    expect(problem.detail).toEqual(expect.any(String));
  };

  it('acknowledges with EdDSA and ES256 keys through the SDK', async () => {
    expect(await es.client.leads.acknowledge(esLeadId, { note: 'ES256 here' })).toMatchObject({
      status: 'acknowledged',
    });
    const page = await ed.client.leads.list();
    expect(page.items.map((lead) => lead.id)).toEqual([leadId]);
  });

  it('refuses unsigned, forged, tampered, stale and misdirected calls, and writes nothing', async () => {
    const path = `/platforms/${ed.id}/leads/${leadId}/acknowledgement`;
    const body = JSON.stringify({ note: 'ok' });
    const audits = await auditCount();
    await expectProblem(await send(path, body, { signature: null }), 401, 'signature_required');
    const stranger = await platformKeyPair('EdDSA', String((ed.privateJwk as { kid: string }).kid));
    const forged = await createRequestSigner({ platformId: ed.id, privateKey: stranger.privateJwk })({
      method: 'POST',
      url: new URL(path, server.url),
      body,
    });
    await expectProblem(await send(path, body, { signature: forged }), 401, 'signature_invalid');
    await expectProblem(
      await send(path, body, { signedBody: JSON.stringify({ note: 'other' }) }),
      401,
      'signature_invalid',
    );
    await expectProblem(await send(path, body, { now: Date.now() - 10 * 60_000 }), 401, 'signature_expired');
    await expectProblem(await send(path, body, { signedMethod: 'PUT' }), 401, 'signature_binding_mismatch');
    await expectProblem(
      await send(path, body, { signedPath: `/platforms/${ed.id}/leads/${esLeadId}/acknowledgement` }),
      401,
      'signature_binding_mismatch',
    );
    expect(await leadRow(leadId)).toMatchObject({ status: 'open', acknowledged_at: null });
    expect(await auditCount()).toBe(audits);
  });

  it('refuses a replayed signature', async () => {
    const path = `/platforms/${ed.id}/leads/${leadId}/acknowledgement`;
    const body = '{}';
    const signature = await createRequestSigner({ platformId: ed.id, privateKey: ed.privateJwk as never })({
      method: 'POST',
      url: new URL(path, server.url),
      body,
    });
    expect((await send(path, body, { signature })).status).toBe(200);
    await expectProblem(await send(path, body, { signature }), 401, 'signature_replayed');
  });

  it("refuses another platform's lead, and nothing changes on it", async () => {
    const before = await leadRow(esLeadId);
    const acknowledge = await ed.client.leads.acknowledge(esLeadId).catch((error: unknown) => error);
    expect(acknowledge).toMatchObject({ status: 404, code: 'lead_not_found' });
    const report = await ed.client.leads
      .reportAction(esLeadId, { action: 'taken_down', at: new Date().toISOString() })
      .catch((error: unknown) => error);
    expect(report).toMatchObject({ status: 404 });
    await expectProblem(
      await send(
        `/platforms/${es.id}/leads/${esLeadId}/action`,
        JSON.stringify({ action: 'taken_down', at: new Date().toISOString() }),
      ),
      403,
      'platform_mismatch',
    );
    expect(await leadRow(esLeadId)).toEqual(before);
    // A platform client cannot call staff operations.
    const staffOnly = await fetch(new URL('/leads', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ source: 'shop', shopId: 'x', summary: 'y' }),
    });
    expect(staffOnly.status).toBe(401);
    await expect(es.client.relisting.list({ platformId: ed.id } as never)).rejects.toMatchObject({
      status: 403,
      code: 'platform_mismatch',
    });
    await expect(
      createPlatformClient({
        baseUrl: server.url,
        platformId: 'plt_nobody',
        privateKey: ed.privateJwk as never,
      }).leads.list(),
    ).rejects.toBeInstanceOf(EzhiliAuthenticationError);
  });

  // Down and slow receivers are covered with the manual clock in the worker's module test.
  it('loses no lead when the webhook receiver answers 500', async () => {
    let mode: 'fail' | 'ok' = 'fail';
    const seen: string[] = [];
    const receiver = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        seen.push(`${mode}:${String(req.headers['webhook-id'])}`);
        if (mode === 'fail') res.writeHead(500).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
      const keys = await platformKeyPair('EdDSA');
      const id = await registerPlatform(server, keys.publicJwk, { webhookUrl: url, name: 'Flaky' });
      const lead = await sendLead(server, await insertShop(server, id, 'flaky-1'));
      // 500 first: the message stays pending and the lead is in the pull list.
      await eventually(async () => (seen.length > 0 ? true : undefined));
      const client = createPlatformClient({
        baseUrl: server.url,
        platformId: id,
        privateKey: keys.privateJwk,
      });
      expect((await client.leads.list()).items.map((l) => l.id)).toEqual([lead.id]);
      mode = 'ok';
      // The retry comes about 5 s later (±20%) under the same webhook-id.
      await eventually(async () => (seen.some((s) => s.startsWith('ok:')) ? true : undefined), 15_000);
      const ids = new Set(seen.map((s) => s.split(':')[1]));
      expect(ids.size).toBe(1);
      const deliveries = (await (
        await server.api(`/platforms/${id}/webhook-deliveries`, {
          token: await server.login('admin@demo.local'),
        })
      ).json()) as { items: Array<{ state: string; attempts: number }> };
      expect(deliveries.items[0]).toMatchObject({ state: 'delivered', attempts: 2 });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
      receiver.closeAllConnections();
    }
  });
});
