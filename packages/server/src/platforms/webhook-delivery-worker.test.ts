import { spawnSync } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAppContext } from '../app/create-app-context.js';
import { processOwner } from '../ids/process-owner.js';
import { insertTestShop, registerTestPlatform, type TestPlatform } from '../testing/platform-test-kit.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { createWebhookWorker, WEBHOOK_RETRY_DELAYS_MS } from './webhook-delivery-worker.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real receiver on an ephemeral port whose behaviour each test sets. */
function startReceiver() {
  const received: Received[] = [];
  let behaviour: (res: ServerResponse) => void = (res) => res.writeHead(204).end();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      behaviour(res);
    });
  });
  return {
    received,
    set(next: (res: ServerResponse) => void) {
      behaviour = next;
    },
    async listen(port = 0) {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('webhook delivery from the outbox', () => {
  let t: TestApp;
  let admin: string;
  let receiver: ReturnType<typeof startReceiver>;
  let port: number;
  let platform: TestPlatform;

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_TIMEOUT_MS: '300' });
    admin = await t.login('admin@demo.local');
    receiver = startReceiver();
    port = await receiver.listen();
    platform = await registerTestPlatform(t, admin, { webhookUrl: `http://127.0.0.1:${port}/hooks/ezhili` });
  });
  afterAll(async () => {
    await receiver.close();
    t.close();
  });
  beforeEach(async () => {
    receiver.received.length = 0;
    receiver.set((res) => res.writeHead(204).end());
    // Start every test with an empty outbox.
    await t.ctx.db.execute(`UPDATE webhook_outbox SET state = 'delivered' WHERE state = 'pending'`);
  });

  const newLead = async () => {
    const shop = await insertTestShop(t.ctx, platform.id);
    // Tokens expire as the manual clock moves, so log in afresh.
    const response = await t.request('/leads', {
      token: await t.login('intake@demo.local'),
      json: { source: 'shop', shopId: shop.id, summary: 'Expired ingredients' },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const outbox = async (subjectId: string) =>
    (await t.ctx.db.execute({ sql: 'SELECT * FROM webhook_outbox WHERE subject_id = ?', args: [subjectId] }))
      .rows[0]!;

  it("frees a dead local instance's lease at once, so a restart sends the message again", async () => {
    await newLead();
    // The pid of a process that has certainly exited: the "killed" instance.
    const exited = spawnSync(process.execPath, ['-e', '']).pid;
    const dead = `wh-${processOwner(exited)}~killed`;
    const alive = `wh-${processOwner()}~other`;
    const leased = await t.ctx.db.execute({
      sql: `UPDATE webhook_outbox SET lease_owner = ?, lease_until = ? WHERE state = 'pending' RETURNING id`,
      args: [dead, t.clock.now().getTime() + 3_600_000],
    });
    expect(leased.rows).toHaveLength(1);
    const worker = createWebhookWorker(t.ctx);
    expect((await worker.runOnce()).claimed).toBe(0);
    await t.ctx.db.execute({
      sql: 'UPDATE webhook_outbox SET lease_owner = ? WHERE id = ?',
      args: [alive, String(leased.rows[0]!.id)],
    });
    expect(await worker.releaseDeadLeases()).toBe(0);
    await t.ctx.db.execute({
      sql: 'UPDATE webhook_outbox SET lease_owner = ? WHERE id = ?',
      args: [dead, String(leased.rows[0]!.id)],
    });
    expect(await worker.releaseDeadLeases()).toBe(1);
    expect((await worker.runOnce()).delivered).toBe(1);
    expect(receiver.received).toHaveLength(1);
  });

  it('delivers a lead with Standard Webhooks headers and a v1a signature that verifies against the JWKS', async () => {
    const leadId = await newLead();
    const worker = createWebhookWorker(t.ctx);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    const [hit] = receiver.received;
    expect(hit).toBeDefined();
    const id = String(hit!.headers['webhook-id']);
    const timestamp = String(hit!.headers['webhook-timestamp']);
    expect(id).toMatch(/^msg_/);
    expect(Number(timestamp)).toBe(Math.floor(t.clock.now().getTime() / 1000));
    const [scheme, signature] = String(hit!.headers['webhook-signature']).split(',');
    expect(scheme).toBe('v1a');
    const jwks = (await (await t.request('/.well-known/jwks.json')).json()) as { keys: object[] };
    const key = createPublicKey({ key: jwks.keys[0] as never, format: 'jwk' });
    expect(
      verify(null, Buffer.from(`${id}.${timestamp}.${hit!.body}`), key, Buffer.from(signature!, 'base64')),
    ).toBe(true);
    const event = JSON.parse(hit!.body);
    expect(event).toMatchObject({
      type: 'lead.created',
      data: { id: leadId, platformId: platform.id, status: 'open' },
    });
    expect((await outbox(leadId)).state).toBe('delivered');
    // Nothing left to do.
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
  });

  it('retries a receiver that answers 500, with backoff, under the same webhook-id', async () => {
    const leadId = await newLead();
    receiver.set((res) => res.writeHead(500).end('boom'));
    const worker = createWebhookWorker(t.ctx);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    let row = await outbox(leadId);
    expect(row).toMatchObject({ state: 'pending', attempts: 1, last_status: 500 });
    const wait = Number(row.next_attempt_at) - t.clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(WEBHOOK_RETRY_DELAYS_MS[0] * 0.8);
    expect(wait).toBeLessThanOrEqual(WEBHOOK_RETRY_DELAYS_MS[0] * 1.2);
    // Not due yet.
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    receiver.set((res) => res.writeHead(200).end());
    t.clock.advance(wait);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    row = await outbox(leadId);
    expect(row).toMatchObject({ state: 'delivered', attempts: 2 });
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([row.id, row.id]);
  });

  it('loses no lead while the receiver is down or too slow', async () => {
    const leadId = await newLead();
    await receiver.close();
    const worker = createWebhookWorker(t.ctx);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    expect(await outbox(leadId)).toMatchObject({ state: 'pending', last_error: 'connection failed' });

    // Back up, but slower than the timeout.
    receiver = startReceiver();
    await receiver.listen(port);
    receiver.set((res) => setTimeout(() => res.writeHead(200).end(), 1000));
    t.clock.advance(10 * 60_000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, failed: 1 });
    expect(await outbox(leadId)).toMatchObject({ state: 'pending', last_error: 'timeout', attempts: 2 });

    // The lead is in the pull list all along.
    const pulled = (await (
      await platform.call('GET', `/platforms/${platform.id}/leads?status=open&limit=500`)
    ).json()) as {
      items: Array<{ id: string }>;
    };
    expect(pulled.items.map((lead) => lead.id)).toContain(leadId);

    receiver.set((res) => res.writeHead(200).end());
    t.clock.advance(60 * 60_000);
    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
    expect((await outbox(leadId)).state).toBe('delivered');
  });

  it('disables the endpoint on 410 Gone and resumes when staff re-enable it', async () => {
    const leadId = await newLead();
    receiver.set((res) => res.writeHead(410).end());
    const worker = createWebhookWorker(t.ctx);
    await worker.runOnce();
    const got = (await (
      await t.request(`/platforms/${platform.id}`, { token: await t.login('admin@demo.local') })
    ).json()) as Record<string, unknown>;
    expect(got).toMatchObject({ webhookEnabled: false });
    expect(String(got.webhookDisabledReason)).toContain('410');
    t.clock.advance(24 * 3600_000);
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    expect((await outbox(leadId)).state).toBe('pending');

    receiver.set((res) => res.writeHead(200).end());
    const enabled = await t.request(`/platforms/${platform.id}`, {
      method: 'PATCH',
      token: await t.login('admin@demo.local'),
      json: { webhookEnabled: true },
    });
    expect(enabled.status).toBe(200);
    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
  });

  it('retries for more than 24 hours, then lists the message as a dead letter', async () => {
    const leadId = await newLead();
    receiver.set((res) => res.writeHead(503).end());
    const worker = createWebhookWorker(t.ctx);
    const first = t.clock.now().getTime();
    let attempts = 0;
    for (let i = 0; i < 20; i++) {
      attempts += (await worker.runOnce()).claimed;
      const row = await outbox(leadId);
      if (row.state === 'dead') break;
      t.clock.set(new Date(Number(row.next_attempt_at)));
    }
    expect(attempts).toBe(WEBHOOK_RETRY_DELAYS_MS.length + 1);
    expect(t.clock.now().getTime() - first).toBeGreaterThan(24 * 3600_000);
    const dead = (await (
      await t.request(`/platforms/${platform.id}/webhook-deliveries?state=dead`, {
        token: await t.login('admin@demo.local'),
      })
    ).json()) as { items: Array<{ id: string; state: string; attempts: number; lastStatus: number }> };
    expect(dead.items).toHaveLength(1);
    expect(dead.items[0]).toMatchObject({ state: 'dead', attempts: attempts, lastStatus: 503 });

    // Staff send it again once the receiver is fixed: same webhook-id, delivered.
    receiver.set((res) => res.writeHead(200).end());
    const admin = await t.login('admin@demo.local');
    const retryPath = `/platforms/${platform.id}/webhook-deliveries/${dead.items[0]!.id}/retry`;
    const retried = await t.request(retryPath, { method: 'POST', token: admin });
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ state: 'pending', attempts: 0 });
    expect(await worker.runOnce()).toMatchObject({ delivered: 1 });
    expect(receiver.received.at(-1)?.headers['webhook-id']).toBe(dead.items[0]!.id);
    expect((await t.request(retryPath, { method: 'POST', token: admin })).status).toBe(409);
    expect(
      (
        await t.request(`/platforms/${platform.id}/webhook-deliveries/msg_nope/retry`, {
          method: 'POST',
          token: admin,
        })
      ).status,
    ).toBe(404);
  });

  it('never lets two instances on one database deliver the same message', async () => {
    const leads = await Promise.all(Array.from({ length: 6 }, () => newLead()));
    receiver.set((res) => setTimeout(() => res.writeHead(200).end(), 50));
    const second = await createAppContext(t.ctx.config, { clock: t.clock });
    try {
      const a = createWebhookWorker(t.ctx, { batchSize: 3 });
      const b = createWebhookWorker(second, { batchSize: 3 });
      const results = await Promise.all([a.runOnce(), b.runOnce(), a.runOnce(), b.runOnce()]);
      expect(results.reduce((sum, r) => sum + r.delivered, 0)).toBe(leads.length);
      const ids = receiver.received.map((r) => String(r.headers['webhook-id']));
      expect(ids).toHaveLength(leads.length);
      expect(new Set(ids).size).toBe(leads.length);
    } finally {
      second.db.close();
    }
  });
  it('leaves a message leased by another instance alone until its lease expires', async () => {
    const leadId = await newLead();
    const crashed = t.clock.now().getTime() + 5 * 60_000;
    // An instance claimed it and died before settling.
    await t.ctx.db.execute({
      sql: `UPDATE webhook_outbox SET lease_owner = 'wh-crashed', lease_until = ? WHERE subject_id = ?`,
      args: [crashed, leadId],
    });
    const worker = createWebhookWorker(t.ctx);
    expect(await worker.runOnce()).toMatchObject({ claimed: 0 });
    expect(receiver.received).toHaveLength(0);
    t.clock.set(new Date(crashed + 1));
    expect(await worker.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(await outbox(leadId)).toMatchObject({ state: 'delivered', lease_owner: null });
  });
});
