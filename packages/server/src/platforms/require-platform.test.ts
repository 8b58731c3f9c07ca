import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countRows,
  generatePlatformKey,
  insertTestShop,
  registerTestPlatform,
  signPlatformRequest,
  type TestPlatform,
} from '../testing/platform-test-kit.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('signed platform calls', () => {
  let t: TestApp;
  let admin: string;
  let intake: string;
  let ed: TestPlatform;
  let es: TestPlatform;
  let leadId: string;
  let otherLeadId: string;

  const expectProblem = async (response: Response, status: number, code: string) => {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.parse(text)).toMatchObject({ status, code });
  };

  const createLead = async (shopId: string) => {
    const response = await t.request('/leads', {
      token: intake,
      json: { source: 'shop', shopId, summary: 'Kitchen without licence' },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    t = await createTestApp({ PLATFORM_JWKS_COOLDOWN_MS: '0' });
    admin = await t.login('admin@demo.local');
    intake = await t.login('intake@demo.local');
    ed = await registerTestPlatform(t, admin, { alg: 'EdDSA', name: 'Ed Platform' });
    es = await registerTestPlatform(t, admin, { alg: 'ES256', name: 'ES Platform' });
    leadId = await createLead((await insertTestShop(t.ctx, ed.id)).id);
    otherLeadId = await createLead((await insertTestShop(t.ctx, es.id)).id);
  });
  afterAll(() => t.close());

  const ackPath = (platform: TestPlatform, lead: string) =>
    `/platforms/${platform.id}/leads/${lead}/acknowledgement`;

  it('accepts EdDSA and ES256 signatures and records the attestation', async () => {
    const listed = await ed.call('GET', `/platforms/${ed.id}/leads?limit=10`);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { items: unknown[] }).items).toHaveLength(1);

    const response = await es.call('POST', ackPath(es, otherLeadId), { note: 'on it' });
    expect(response.status).toBe(200);
    const row = (
      await t.ctx.db.execute({
        sql: 'SELECT acknowledgement_attestation AS a, acknowledgement_signed_body AS b FROM leads WHERE id = ?',
        args: [otherLeadId],
      })
    ).rows[0]!;
    const attestation = JSON.parse(String(row.a));
    expect(attestation).toMatchObject({ alg: 'ES256', kid: es.key.kid });
    expect(String(row.b)).toBe(JSON.stringify({ note: 'on it' }));
  });

  it('refuses bad signatures with a clear 401 and writes nothing', async () => {
    const before = await countRows(t.ctx.db, 'audit_events');
    const path = ackPath(ed, leadId);
    // Unsigned.
    await expectProblem(
      await t.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
      401,
      'signature_required',
    );
    // Garbage header.
    await expectProblem(
      await t.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'ezhili-signature': 'abc' },
        body: '{}',
      }),
      401,
      'signature_malformed',
    );
    // Signed by a key the platform never registered (same kid, other key pair).
    const stranger = await generatePlatformKey('EdDSA', ed.key.kid);
    await expectProblem(await ed.call('POST', path, {}, { key: stranger }), 401, 'signature_invalid');
    // Unknown kid.
    await expectProblem(
      await ed.call('POST', path, {}, { key: await generatePlatformKey('EdDSA') }),
      401,
      'unknown_key',
    );
    // Tampered body: signed one body, sent another.
    await expectProblem(
      await ed.call('POST', path, { note: 'sent' }, { signedBody: JSON.stringify({ note: 'signed' }) }),
      401,
      'signature_invalid',
    );
    // Stale and future iat.
    const now = Math.floor(t.clock.now().getTime() / 1000);
    await expectProblem(await ed.call('POST', path, {}, { iat: now - 301 }), 401, 'signature_expired');
    await expectProblem(await ed.call('POST', path, {}, { iat: now + 301 }), 401, 'signature_expired');
    // Bound to another method or path.
    await expectProblem(
      await ed.call('POST', path, {}, { method: 'PUT' }),
      401,
      'signature_binding_mismatch',
    );
    await expectProblem(
      await ed.call('POST', path, {}, { target: `/platforms/${ed.id}/leads/other/acknowledgement` }),
      401,
      'signature_binding_mismatch',
    );
    await expectProblem(
      await ed.call('GET', `/platforms/${ed.id}/leads`, undefined, {
        target: `/platforms/${ed.id}/leads?limit=1`,
      }),
      401,
      'signature_binding_mismatch',
    );

    const lead = (
      await t.ctx.db.execute({
        sql: 'SELECT status, acknowledged_at FROM leads WHERE id = ?',
        args: [leadId],
      })
    ).rows[0]!;
    expect(lead.status).toBe('open');
    expect(lead.acknowledged_at).toBeNull();
    expect(await countRows(t.ctx.db, 'audit_events')).toBe(before);
  });

  it('refuses a replayed signature', async () => {
    const path = ackPath(ed, leadId);
    const body = JSON.stringify({ note: 'first' });
    const signature = await signPlatformRequest({
      platformId: ed.id,
      key: ed.key,
      method: 'POST',
      target: path,
      body,
      iat: Math.floor(t.clock.now().getTime() / 1000),
    });
    const send = () =>
      t.app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'ezhili-signature': signature },
        body,
      });
    expect((await send()).status).toBe(200);
    await expectProblem(await send(), 401, 'signature_replayed');
  });

  it('keeps a platform to its own leads and resources', async () => {
    // Path names the other platform.
    await expectProblem(await ed.call('POST', ackPath(es, otherLeadId), {}), 403, 'platform_mismatch');
    await expectProblem(await ed.call('GET', `/platforms/${es.id}/leads`), 403, 'platform_mismatch');
    await expectProblem(await ed.call('GET', `/platforms/${es.id}`), 403, 'platform_mismatch');
    // Own path, another platform's lead.
    await expectProblem(await ed.call('POST', ackPath(ed, otherLeadId), {}), 404, 'lead_not_found');
    await expectProblem(
      await ed.call('POST', `/platforms/${ed.id}/leads/${otherLeadId}/action`, {
        action: 'taken_down',
        at: t.clock.now().toISOString(),
      }),
      404,
      'lead_not_found',
    );
    const other = (
      await t.ctx.db.execute({ sql: 'SELECT status FROM leads WHERE id = ?', args: [otherLeadId] })
    ).rows[0]!;
    expect(other.status).toBe('acknowledged');
    // A platform cannot use staff-only operations.
    await expectProblem(
      await ed.call('POST', '/leads', { source: 'shop', shopId: 'x', summary: 'y' }),
      401,
      'unauthenticated',
    );
  });

  it('namespaces idempotency keys per platform', async () => {
    const lead = await createLead((await insertTestShop(t.ctx, ed.id)).id);
    const path = ackPath(ed, lead);
    // A fresh signature each time, as a platform's retry sends; the same Idempotency-Key.
    const acknowledge = async () =>
      t.app.request(path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': 'ack-1',
          'ezhili-signature': await signPlatformRequest({
            platformId: ed.id,
            key: ed.key,
            method: 'POST',
            target: path,
            body: '{}',
            iat: Math.floor(t.clock.now().getTime() / 1000),
          }),
        },
        body: '{}',
      });
    const first = await acknowledge();
    expect(first.status).toBe(200);
    const again = await acknowledge();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  describe('keys at a JWKS URL', () => {
    let server: Server;
    let published: { keys: unknown[] };
    let fetches = 0;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        fetches++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(published));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('verifies against fetched keys, caches them and picks up a rotated key', async () => {
      const oldKey = await generatePlatformKey('EdDSA');
      published = { keys: [oldKey.publicJwk] };
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
      const created = await t.request('/platforms', {
        token: admin,
        json: { name: 'Remote Keys', jwksUrl: url, contacts: [] },
      });
      expect(created.status).toBe(201);
      const id = ((await created.json()) as { id: string }).id;
      const call = async (key: typeof oldKey) => {
        const target = `/platforms/${id}`;
        return t.app.request(target, {
          headers: {
            'ezhili-signature': await signPlatformRequest({
              platformId: id,
              key,
              method: 'GET',
              target,
              body: '',
              iat: Math.floor(t.clock.now().getTime() / 1000),
            }),
          },
        });
      };
      expect((await call(oldKey)).status).toBe(200);
      expect((await call(oldKey)).status).toBe(200);
      expect(fetches).toBe(1);
      // Rotation: the platform publishes a new key next to the old one and signs with it.
      const newKey = await generatePlatformKey('ES256');
      published = { keys: [oldKey.publicJwk, newKey.publicJwk] };
      expect((await call(newKey)).status).toBe(200);
      expect(fetches).toBe(2);
      expect((await call(oldKey)).status).toBe(200);
    });
  });

  it('rotates inline keys through updatePlatform without downtime', async () => {
    const next = await generatePlatformKey('EdDSA');
    const both = await t.request(`/platforms/${ed.id}`, {
      method: 'PATCH',
      token: admin,
      json: { jwks: { keys: [ed.key.publicJwk, next.publicJwk] } },
    });
    expect(both.status).toBe(200);
    expect((await ed.call('GET', `/platforms/${ed.id}`)).status).toBe(200);
    expect((await ed.call('GET', `/platforms/${ed.id}`, undefined, { key: next })).status).toBe(200);
    await t.request(`/platforms/${ed.id}`, {
      method: 'PATCH',
      token: admin,
      json: { jwks: { keys: [next.publicJwk] } },
    });
    await expectProblem(await ed.call('GET', `/platforms/${ed.id}`), 401, 'unknown_key');
    expect((await ed.call('GET', `/platforms/${ed.id}`, undefined, { key: next })).status).toBe(200);
    ed.key = next;
  });

  it('refuses registrations with private or unsupported keys', async () => {
    const { privateKey } = await generatePlatformKey('EdDSA');
    const { exportJWK } = await import('jose');
    const privateJwk = { ...(await exportJWK(privateKey)), kid: 'k1' };
    const bad = await t.request('/platforms', {
      token: admin,
      json: { name: 'x', jwks: { keys: [privateJwk] }, contacts: [] },
    });
    await expectProblem(bad, 422, 'invalid_jwks');
    const none = await t.request('/platforms', { token: admin, json: { name: 'x', contacts: [] } });
    await expectProblem(none, 422, 'jwks_required');
    const empty = await t.request('/platforms', {
      token: admin,
      json: { name: 'x', jwks: { keys: [] }, contacts: [] },
    });
    await expectProblem(empty, 400, 'validation');
    const notAdmin = await t.request('/platforms', {
      token: intake,
      json: { name: 'x', jwksUrl: 'https://a.example/jwks', contacts: [] },
    });
    await expectProblem(notAdmin, 403, 'forbidden');
  });
});
