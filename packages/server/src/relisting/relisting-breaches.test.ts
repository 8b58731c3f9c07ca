import type { Schema } from '@ezhili/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchRecords, ingestShopListings } from '../shops/shop-listings.js';
import {
  countRows,
  insertTestShop,
  registerTestPlatform,
  signPlatformRequest,
  type TestPlatform,
} from '../testing/platform-test-kit.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { reconcileRelistings } from './relisting-breaches.js';

/** A platform with one shop taken down after a lead, on a fresh test app. */
async function takenDownShop(t: TestApp) {
  const admin = await t.login('admin@demo.local');
  const platform = await registerTestPlatform(t, admin);
  const shop = await insertTestShop(t.ctx, platform.id, { name: 'Gulou Dumplings' });
  const lead = (await (
    await t.request('/leads', {
      token: await t.login('intake@demo.local'),
      json: { source: 'shop', shopId: shop.id, summary: 'Expired meat' },
    })
  ).json()) as { id: string };
  const action = await platform.call('POST', `/platforms/${platform.id}/leads/${lead.id}/action`, {
    action: 'taken_down',
    at: t.clock.now().toISOString(),
  });
  expect(action.status).toBe(201);
  return { platform, shop, admin };
}

const listing = (platformShopId: string, online: boolean) => ({
  platformShopId,
  name: 'Gulou Dumplings',
  districtCode: '350102',
  online,
});

async function shopOnline(t: TestApp, shopId: string): Promise<boolean> {
  const row = (await t.ctx.db.execute({ sql: 'SELECT online FROM shops WHERE id = ?', args: [shopId] }))
    .rows[0];
  return Number(row?.online) === 1;
}

async function breaches(t: TestApp) {
  return (
    await t.ctx.db.execute('SELECT shop_id, source, handling, attempts FROM relisting_breaches')
  ).rows.map((r) => ({ ...r }));
}

async function scorecard(t: TestApp, token: string, platformId: string) {
  const response = await t.request(`/platforms/${platformId}/scorecard`, { token });
  expect(response.status).toBe(200);
  return (await response.json()) as Schema<'PlatformScorecard'>;
}

describe('relisting only after approval (refusing deployment)', () => {
  let t: TestApp;
  let platform: TestPlatform;
  let shop: { id: string; platformShopId: string };
  let admin: string;
  const feed = (shops: unknown[]) => platform.call('POST', `/platforms/${platform.id}/shop-feed`, { shops });

  beforeAll(async () => {
    t = await createTestApp();
    ({ platform, shop, admin } = await takenDownShop(t));
  });
  afterAll(() => t.close());

  it('refuses a feed that would put the taken-down shop online: a clear problem, nothing loaded', async () => {
    const shopsBefore = await countRows(t.ctx.db, 'shops');
    const response = await feed([listing('ps-new-1', true), listing(shop.platformShopId, true)]);
    expect(response.status).toBe(409);
    const problem = (await response.json()) as Schema<'Problem'>;
    expect(problem).toMatchObject({ code: 'relisting_not_approved', status: 409 });
    expect(problem.errors).toEqual([
      { pointer: '#/shops/1/online', detail: expect.stringContaining(shop.id) },
    ]);
    expect(await shopOnline(t, shop.id)).toBe(false);
    expect(await countRows(t.ctx.db, 'shops')).toBe(shopsBefore);
    const status = await t.request(`/shops/${shop.id}/relisting-status`, { token: admin });
    expect(await status.json()).toMatchObject({
      takenDown: true,
      relistable: false,
      reason: 'awaiting_request',
    });
  });

  it('records the attempt once per take-down, counting repeats, with an audit event', async () => {
    expect(await breaches(t)).toEqual([
      { shop_id: shop.id, source: 'feed', handling: 'refused', attempts: 1 },
    ]);
    const ndjson = `${JSON.stringify(listing(shop.platformShopId, true))}\n`;
    const again = await t.app.request(`/platforms/${platform.id}/shop-feed`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-ndjson',
        'ezhili-signature': await signPlatformRequest({
          platformId: platform.id,
          key: platform.key,
          method: 'POST',
          target: `/platforms/${platform.id}/shop-feed`,
          body: ndjson,
          iat: Math.floor(t.clock.now().getTime() / 1000),
        }),
      },
      body: ndjson,
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Schema<'Problem'>).errors?.[0]?.pointer).toBe('#/row/1');
    expect(await breaches(t)).toEqual([
      { shop_id: shop.id, source: 'feed', handling: 'refused', attempts: 2 },
    ]);
    const events = await t.ctx.audit.list({ action: 'relisting.breach', subjectId: shop.id });
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      actor: { type: 'platform', id: platform.id },
      details: { source: 'feed', handling: 'refused' },
    });
  });

  it('loads the same feed with the shop kept offline', async () => {
    const response = await feed([listing('ps-new-1', true), listing(shop.platformShopId, false)]);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ created: 1, rejected: 0 });
    expect(await shopOnline(t, shop.id)).toBe(false);
  });

  it('puts the breach on the scorecard and proposes a card; two yellows propose a red', async () => {
    const card = await scorecard(t, admin, platform.id);
    expect(card.relisting.breaches).toBe(1);
    expect(card.proposedCards).toContainEqual({
      color: 'yellow',
      ruleId: 'relisting-without-approval',
      reason: expect.any(String),
    });
    const detachment = await t.login('detachment@demo.local');
    const issue = (json: unknown) =>
      t.request(`/platforms/${platform.id}/cards`, { token: detachment, json });
    expect(
      (
        await issue({
          color: 'yellow',
          reason: 'Relisted without approval',
          ruleId: 'relisting-without-approval',
        })
      ).status,
    ).toBe(201);
    const after = await scorecard(t, admin, platform.id);
    expect(after.proposedCards.map((c) => c.ruleId)).not.toContain('relisting-without-approval');
    expect((await issue({ color: 'yellow', reason: 'Late acknowledgements' })).status).toBe(201);
    expect((await scorecard(t, admin, platform.id)).proposedCards.map((c) => c.ruleId)).toContain(
      'repeated-yellow',
    );
  });

  it("refuses an operator's import row by row (any call), recording the attempt", async () => {
    const result = await ingestShopListings(
      t.ctx,
      batchRecords([listing(shop.platformShopId, true), listing('ps-new-2', true)]),
      { platformId: platform.id, actor: { type: 'system', id: 'cli' } },
    );
    expect(result).toMatchObject({ created: 1, rejected: 1 });
    expect(result.rejections[0]).toMatchObject({
      row: 1,
      field: 'online',
      reason: expect.stringContaining('relisting_not_approved'),
    });
    expect(await shopOnline(t, shop.id)).toBe(false);
    expect((await breaches(t))[0]).toMatchObject({ attempts: 3 });
  });

  it('lets the shop online once a relisting request is approved', async () => {
    const created = await platform.call('POST', `/platforms/${platform.id}/relisting-requests`, {
      shopId: shop.id,
      review: {
        checklist: [{ item: 'Licence displayed', passed: true }],
        licence: { number: 'JY23501020012345', expiresOn: '2030-01-01' },
        rectificationEvidence: [{ description: 'Review report', sha256: 'b'.repeat(64) }],
        summary: 'Rectified.',
      },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const decided = await t.request(`/relisting-requests/${id}/decision`, {
      token: admin,
      json: { outcome: 'approved', reasons: 'Rectification verified on site.' },
    });
    expect(decided.status).toBe(200);
    const response = await feed([listing(shop.platformShopId, true)]);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ updated: 1, rejected: 0 });
    expect(await shopOnline(t, shop.id)).toBe(true);
    expect((await breaches(t))[0]).toMatchObject({ attempts: 3 });
  });

  it('reconciles existing data: a shop already online under a take-down goes offline, once', async () => {
    const { shop: old } = await takenDownShop(t);
    // As left by a version that did not enforce the rule.
    await t.ctx.db.execute({ sql: 'UPDATE shops SET online = 1 WHERE id = ?', args: [old.id] });
    expect(await reconcileRelistings(t.ctx)).toEqual({ found: 1, recorded: 1, restoredOffline: 1 });
    expect(await shopOnline(t, old.id)).toBe(false);
    expect((await breaches(t)).find((b) => b.shop_id === old.id)).toMatchObject({
      source: 'reconciliation',
      handling: 'refused',
      attempts: 1,
    });
    expect(await reconcileRelistings(t.ctx)).toEqual({ found: 0, recorded: 0, restoredOffline: 0 });
  });
});

describe('relisting where the platform feed is authoritative', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ RELISTING_AUTHORITATIVE_FEEDS: '*' });
  });
  afterAll(() => t.close());

  it('accepts the feed, puts the shop online and records the breach on the scorecard', async () => {
    const { platform, shop, admin } = await takenDownShop(t);
    const response = await platform.call('POST', `/platforms/${platform.id}/shop-feed`, {
      shops: [listing(shop.platformShopId, true)],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ updated: 1, rejected: 0 });
    expect(await shopOnline(t, shop.id)).toBe(true);
    expect(await breaches(t)).toEqual([
      { shop_id: shop.id, source: 'feed', handling: 'accepted', attempts: 1 },
    ]);
    const card = await scorecard(t, admin, platform.id);
    expect(card.relisting.breaches).toBe(1);
    expect(card.proposedCards.map((c) => c.ruleId)).toContain('relisting-without-approval');
  });

  it('reconciliation records a shop online under a take-down once and leaves it online', async () => {
    const { shop } = await takenDownShop(t);
    await t.ctx.db.execute({ sql: 'UPDATE shops SET online = 1 WHERE id = ?', args: [shop.id] });
    const first = await reconcileRelistings(t.ctx);
    expect(first).toMatchObject({ recorded: 1, restoredOffline: 0 });
    expect(await shopOnline(t, shop.id)).toBe(true);
    expect(await reconcileRelistings(t.ctx)).toMatchObject({ recorded: 0, restoredOffline: 0 });
    expect((await breaches(t)).find((b) => b.shop_id === shop.id)).toMatchObject({
      source: 'reconciliation',
      handling: 'accepted',
      attempts: 1,
    });
  });
});
