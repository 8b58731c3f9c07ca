import type { AddressInfo } from 'node:net';
import type { Lead } from '@ezhili/sdk';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlatformService } from '../../examples/platform-integration/src/platform-service.js';
import {
  eventually,
  insertShop,
  platformKeyPair,
  registerPlatform,
  sendLead,
} from '../support/platform-fixtures.js';
import { type E2eServer, startE2eServer } from '../support/test-server.js';

/**
 * The example platform service (examples/platform-integration) against the real server: a lead
 * arrives as a signed webhook, the platform takes the shop down and reports it (signed), files a
 * relisting request, and relists the shop when the regulator's signed decision arrives.
 */
describe('example platform integration end to end', () => {
  let server: E2eServer;
  let platform: ReturnType<typeof createPlatformService>;
  let platformServer: ReturnType<typeof serve>;
  let platformId: string;
  let shopId: string;
  const log: string[] = [];

  beforeAll(async () => {
    server = await startE2eServer({ WEBHOOK_POLL_INTERVAL_MS: '50' });
    // The platform's port must be known before it registers its webhook URL.
    let handler: (request: Request) => Response | Promise<Response> = () =>
      new Response(null, { status: 503 });
    platformServer = serve({ fetch: (request) => handler(request), port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => platformServer.once('listening', resolve));
    const port = (platformServer.address() as AddressInfo).port;
    const keys = await platformKeyPair('EdDSA');
    platformId = await registerPlatform(server, keys.publicJwk, {
      webhookUrl: `http://127.0.0.1:${port}/webhooks/ezhili`,
    });
    platform = createPlatformService({
      regulatorUrl: server.url,
      platformId,
      privateKey: keys.privateJwk,
      log: (line) => log.push(line),
    });
    handler = platform.app.fetch;
    platform.store.addShop('e2e-2001', 'E2E Noodles');
    shopId = await insertShop(server, platformId, 'e2e-2001');
  });
  afterAll(async () => {
    await new Promise((resolve) => platformServer.close(resolve));
    await server.close();
  });

  const staffLeads = async () => {
    const response = await server.api(`/platforms/${platformId}/leads`, {
      token: await server.login('intake@demo.local'),
    });
    return ((await response.json()) as { items: Lead[] }).items;
  };
  const relistingStatus = async () =>
    (await (
      await server.api(`/shops/${shopId}/relisting-status`, {
        token: await server.login('district@demo.local'),
      })
    ).json()) as Record<string, unknown>;

  it('takes the shop down after a signed lead webhook and reports it with a signed call', async () => {
    const lead = await sendLead(server, shopId);
    const actioned = await eventually(async () =>
      (await staffLeads()).find((l) => l.id === lead.id && l.status === 'actioned'),
    );
    expect(actioned.action).toMatchObject({ action: 'taken_down', attestation: { alg: 'EdDSA' } });
    expect(actioned.acknowledgedAt).not.toBeNull();
    await platform.idle();
    expect(platform.store.shops.get('e2e-2001')).toMatchObject({ online: false, blockedByRegulator: true });
    expect(await relistingStatus()).toMatchObject({
      takenDown: true,
      relistable: false,
      reason: 'awaiting_request',
    });
    const deliveries = (await (
      await server.api(`/platforms/${platformId}/webhook-deliveries`, {
        token: await server.login('admin@demo.local'),
      })
    ).json()) as { items: Array<{ state: string; eventType: string }> };
    expect(deliveries.items).toEqual([
      expect.objectContaining({ eventType: 'lead.created', state: 'delivered' }),
    ]);
  });

  it('files a signed relisting request and relists the shop only after the regulator approves', async () => {
    const request = await platform.requestRelisting('e2e-2001');
    expect(request).toMatchObject({ status: 'pending', shopId });
    expect(await relistingStatus()).toMatchObject({ relistable: false, reason: 'request_pending' });
    expect(platform.store.shops.get('e2e-2001')!.online).toBe(false);

    const decided = await server.api(`/relisting-requests/${request!.id}/decision`, {
      token: await server.login('district@demo.local'),
      json: { outcome: 'approved', reasons: 'Review complete; licence verified.' },
    });
    expect(decided.status).toBe(200);
    await eventually(async () => (platform.store.shops.get('e2e-2001')!.online ? true : undefined));
    expect(platform.store.notices.map((notice) => notice.kind)).toEqual(['lead', 'relisting']);
    expect(await relistingStatus()).toMatchObject({ relistable: true, reason: 'request_approved' });
    expect(log.filter((line) => line.includes('failed') || line.includes('refused'))).toEqual([]);
  });

  it('pulls leads the webhook could not deliver', async () => {
    const other = await insertShop(server, platformId, 'e2e-2002', 'E2E Grill');
    platform.store.addShop('e2e-2002', 'E2E Grill');
    // The webhook receiver goes down; the lead waits in the pull list.
    await new Promise((resolve) => platformServer.close(resolve));
    const lead = await sendLead(server, other);
    expect(await platform.pullLeads()).toBe(1);
    const done = (await staffLeads()).find((l) => l.id === lead.id)!;
    expect(done.status).toBe('actioned');
    expect(platform.store.shops.get('e2e-2002')!.online).toBe(false);
    // A second pull starts after the last lead seen.
    expect(await platform.pullLeads()).toBe(0);
  });
});
