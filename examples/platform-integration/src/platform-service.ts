import {
  createPlatformClient,
  honoWebhookHandler,
  type Lead,
  type PlatformClient,
  type PlatformPrivateKey,
  type RelistingRequest,
  type WebhookEvent,
} from '@ezhili/sdk';
import { Hono } from 'hono';
import { PlatformStore } from './platform-store.js';

export interface PlatformServiceOptions {
  /** The regulator's ezhili server, e.g. `https://ezhili.example.gov.cn`. */
  regulatorUrl: string;
  /** This platform's id at the regulator. */
  platformId: string;
  /** This platform's private signing key (JWK with `kid`, or a KeyObject with `kid`/`alg`). */
  privateKey: PlatformPrivateKey;
  kid?: string;
  alg?: 'EdDSA' | 'ES256';
  store?: PlatformStore;
  log?: (line: string) => void;
}

/**
 * A delivery platform's integration with the regulator:
 * - `POST /webhooks/ezhili` receives signed leads, relisting decisions and cards (verified
 *   against the regulator's JWKS), answers 204 at once and handles them in the background;
 * - a lead takes the shop down in the platform's own store, then acknowledges the lead and
 *   reports the take-down, both as signed calls;
 * - `POST /shops/:id/relisting-request` files the platform's compliance review;
 * - `pullLeads()` is the same flow for platforms without a webhook.
 */
export function createPlatformService(options: PlatformServiceOptions) {
  const store = options.store ?? new PlatformStore();
  const log = options.log ?? ((line: string) => console.log(line));
  const regulator: PlatformClient = createPlatformClient({
    baseUrl: options.regulatorUrl,
    platformId: options.platformId,
    privateKey: options.privateKey,
    ...(options.kid !== undefined && { kid: options.kid }),
    ...(options.alg !== undefined && { alg: options.alg }),
    userAgent: 'example-platform/0.0.0',
  });
  /** The regulator's shop id for each of our shops, learnt from leads. */
  const regulatorShopIds = new Map<string, string>();
  let pullCursor: string | undefined;
  let work: Promise<unknown> = Promise.resolve();

  async function handleLead(lead: Lead): Promise<void> {
    if (lead.status === 'actioned') return;
    if (lead.platformShopId) regulatorShopIds.set(lead.platformShopId, lead.shopId);
    await regulator.leads.acknowledge(lead.id, { note: 'Received; reviewing the listing.' });
    const shop = lead.platformShopId ? store.takeDown(lead.platformShopId, new Date()) : undefined;
    if (!shop) {
      await regulator.leads.reportAction(lead.id, { action: 'shop_not_found', at: new Date().toISOString() });
      log(`lead ${lead.id}: shop ${lead.platformShopId} is not ours`);
      return;
    }
    await regulator.leads.reportAction(lead.id, {
      action: 'taken_down',
      at: shop.takenDownAt!,
      evidence: [
        { description: `Listing ${shop.id} set offline by the compliance desk`, mediaType: 'text/plain' },
      ],
      note: 'Shop offline pending a compliance review.',
    });
    store.notices.push({
      kind: 'lead',
      id: lead.id,
      summary: lead.summary,
      receivedAt: new Date().toISOString(),
    });
    log(`lead ${lead.id}: shop ${shop.id} taken down and reported`);
  }

  function handleDecision(request: RelistingRequest): void {
    const platformShopId = [...regulatorShopIds].find(([, shopId]) => shopId === request.shopId)?.[0];
    if (request.status === 'approved' && platformShopId) store.relist(platformShopId);
    store.notices.push({
      kind: 'relisting',
      id: request.id,
      summary: `${request.status}: ${request.decision?.reasons ?? ''}`,
      receivedAt: new Date().toISOString(),
    });
    log(`relisting ${request.id}: ${request.status}`);
  }

  async function onEvent(event: WebhookEvent): Promise<void> {
    if (!store.markHandled(event.id)) return;
    // Answer the webhook at once; the work runs after (a real platform queues it durably, and
    // `pullLeads()` catches anything lost in between).
    work = work.then(async () => {
      try {
        if (event.type === 'lead.created') await handleLead(event.data);
        else if (event.type === 'relisting.decided') handleDecision(event.data);
        else
          store.notices.push({
            kind: 'card',
            id: event.data.id,
            summary: `${event.data.color} card: ${event.data.reason}`,
            receivedAt: new Date().toISOString(),
          });
      } catch (error) {
        log(`handling ${event.type} ${event.id} failed: ${(error as Error).message}`);
      }
    });
  }

  const app = new Hono();
  app.post(
    '/webhooks/ezhili',
    honoWebhookHandler({
      jwksUrl: new URL('/.well-known/jwks.json', options.regulatorUrl),
      onEvent,
      onError: (error) => log(`webhook refused: ${(error as Error).message}`),
    }),
  );
  app.get('/shops', (c) => c.json({ shops: [...store.shops.values()], notices: store.notices }));
  app.post('/shops/:id/relisting-request', async (c) => {
    const request = await requestRelisting(c.req.param('id'));
    return request ? c.json(request, 201) : c.json({ error: 'unknown shop or not taken down' }, 404);
  });

  async function requestRelisting(platformShopId: string): Promise<RelistingRequest | undefined> {
    const shop = store.shops.get(platformShopId);
    const shopId = regulatorShopIds.get(platformShopId);
    if (!shop || !shopId) return undefined;
    return regulator.relisting.create({
      shopId,
      review: {
        checklist: [
          { item: 'Food business licence valid and displayed on the listing', passed: true },
          { item: 'Kitchen photos re-taken after rectification', passed: true },
          { item: 'Menu claims checked against ingredients', passed: true },
        ],
        licence: { number: 'JY13501020000001' },
        rectificationEvidence: [{ description: 'On-site review report by the platform compliance desk' }],
        summary: `${shop.name} rectified the findings; the platform asks to relist it.`,
      },
    });
  }

  return {
    app,
    store,
    regulator,
    requestRelisting,
    /** The pull channel: handles every lead after the last cursor (for platforms without a webhook). */
    async pullLeads(): Promise<number> {
      const leads = regulator.leads.pull({ status: 'open' }, { startCursor: pullCursor });
      let count = 0;
      for await (const lead of leads) {
        await handleLead(lead);
        count++;
      }
      pullCursor = leads.cursor ?? pullCursor;
      return count;
    },
    /** Resolves when the background work queued so far is done (tests). */
    idle: () => work,
  };
}
