import type { Schema } from '@ezhili/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseService } from '../cases/case-service.js';
import { getShop } from '../shops/shop-repository.js';
import {
  countRows,
  insertTestShop,
  registerTestPlatform,
  type TestPlatform,
} from '../testing/platform-test-kit.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { createLead, hasOpenLead } from './lead-service.js';

describe('leads between regulator and platform', () => {
  let t: TestApp;
  let intake: string;
  let platform: TestPlatform;

  const post = (json: unknown) => t.request('/leads', { token: intake, json });
  const newShopLead = async (extra: Record<string, unknown> = {}) => {
    const shop = await insertTestShop(t.ctx, platform.id);
    const response = await post({ source: 'shop', shopId: shop.id, summary: 'Unlicensed kitchen', ...extra });
    expect(response.status).toBe(201);
    return { shop, lead: (await response.json()) as Schema<'Lead'> };
  };

  beforeAll(async () => {
    t = await createTestApp();
    intake = await t.login('intake@demo.local');
    platform = await registerTestPlatform(t, await t.login('admin@demo.local'));
  });
  afterAll(() => t.close());

  it('creates a lead from a shop with the default deadlines (2 h to acknowledge, 24 h to act)', async () => {
    const { shop, lead } = await newShopLead({ violationCategory: 'no_valid_licence' });
    const created = Date.parse(lead.createdAt);
    expect(lead).toMatchObject({
      platformId: platform.id,
      shopId: shop.id,
      platformShopId: shop.platformShopId,
      source: 'shop',
      status: 'open',
      caseId: null,
      violationCategory: 'no_valid_licence',
      overdue: { acknowledge: false, action: false },
    });
    expect(Date.parse(lead.acknowledgeDueAt) - created).toBe(2 * 3600_000);
    expect(Date.parse(lead.actionDueAt) - created).toBe(24 * 3600_000);
    // Platform has no webhook URL: nothing queued, the lead is pulled.
    expect(await countRows(t.ctx.db, 'webhook_outbox')).toBe(0);
  });

  it('creates a lead from a case, for the platform listing the case shop', async () => {
    const shop = await insertTestShop(t.ctx, platform.id);
    const record = await t.ctx.db.transaction((tx) =>
      createCaseService(t.ctx).createCase(tx, {
        source: 'tip',
        sourceRef: 'tip_test',
        description: 'Rats in the kitchen',
        category: 'unhygienic_kitchen',
        districtCode: '350102',
        shop: { platformId: platform.id, platformShopId: shop.platformShopId },
        observedAt: null,
        actor: 'system',
        auditActor: { type: 'system', id: 'system' },
      }),
    );
    const response = await post({ source: 'case', caseId: record.id, summary: 'Confirmed by inspection' });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ source: 'case', caseId: record.id, shopId: shop.id });
  });

  it('refuses leads it cannot route, and a second open lead for a shop', async () => {
    const orphan = await insertTestShop(t.ctx, null);
    const before = await countRows(t.ctx.db, 'leads');
    expect((await post({ source: 'shop', shopId: orphan.id, summary: 'x' })).status).toBe(422);
    expect((await post({ source: 'shop', shopId: 'shop_missing', summary: 'x' })).status).toBe(404);
    expect((await post({ source: 'case', summary: 'x' })).status).toBe(422);
    expect((await post({ source: 'case', caseId: 'case_missing', summary: 'x' })).status).toBe(404);
    const { shop } = await newShopLead();
    const again = await post({ source: 'shop', shopId: shop.id, summary: 'again' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'lead_already_open' });
    expect(await countRows(t.ctx.db, 'leads')).toBe(before + 1);
    // Without a bearer token nothing happens either.
    expect(
      (await t.request('/leads', { json: { source: 'shop', shopId: shop.id, summary: 'x' } })).status,
    ).toBe(401);
  });

  it('lets the risk engine create leads inside its own transaction and skip shops with open leads', async () => {
    const shop = await insertTestShop(t.ctx, platform.id);
    expect(await hasOpenLead(t.ctx.db, shop.id)).toBe(false);
    const lead = await t.ctx.db.transaction((tx) =>
      createLead(t.ctx, { source: 'risk', shopId: shop.id, summary: 'Risk tier 1' }, tx),
    );
    expect(lead).toMatchObject({ source: 'risk', shopId: shop.id });
    expect(await hasOpenLead(t.ctx.db, shop.id)).toBe(true);
  });

  it('pulls leads with a cursor that never misses a new one', async () => {
    const fresh = await registerTestPlatform(t, await t.login('admin@demo.local'), { name: 'Puller' });
    const make = async () => {
      const shop = await insertTestShop(t.ctx, fresh.id);
      return (
        (await (await post({ source: 'shop', shopId: shop.id, summary: 's' })).json()) as { id: string }
      ).id;
    };
    const ids = [await make(), await make(), await make()];
    const page = async (cursor?: string) => {
      const target = `/platforms/${fresh.id}/leads?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await fresh.call('GET', target);
      expect(response.status).toBe(200);
      return (await response.json()) as { items: Array<{ id: string }>; nextCursor: string | null };
    };
    const first = await page();
    expect(first.items.map((l) => l.id)).toEqual(ids.slice(0, 2));
    const second = await page(first.nextCursor!);
    expect(second.items.map((l) => l.id)).toEqual(ids.slice(2));
    const empty = await page(second.nextCursor!);
    expect(empty.items).toEqual([]);
    const later = await make();
    expect((await page(empty.nextCursor!)).items.map((l) => l.id)).toEqual([later]);
    expect((await fresh.call('GET', `/platforms/${fresh.id}/leads?cursor=bogus`)).status).toBe(400);
  });

  it('records a signed acknowledgement once and tracks the deadline', async () => {
    const { lead } = await newShopLead();
    t.clock.advance(3 * 3600_000);
    const listed = (await (
      await t.request(`/platforms/${platform.id}/leads?status=open&limit=500`, {
        token: await t.login('intake@demo.local'),
      })
    ).json()) as {
      items: Array<Schema<'Lead'>>;
    };
    expect(listed.items.find((l) => l.id === lead.id)?.overdue).toEqual({ acknowledge: true, action: false });
    const overdue = (await (
      await t.request(`/platforms/${platform.id}/leads?overdue=true&limit=500`, {
        token: await t.login('intake@demo.local'),
      })
    ).json()) as { items: Array<Schema<'Lead'>> };
    expect(overdue.items.map((l) => l.id)).toContain(lead.id);
    expect(overdue.items.every((l) => l.overdue.acknowledge || l.overdue.action)).toBe(true);
    const path = `/platforms/${platform.id}/leads/${lead.id}/acknowledgement`;
    const first = await platform.call('POST', path, { note: 'Looking' });
    expect(first.status).toBe(200);
    const acked = (await first.json()) as Schema<'Lead'>;
    expect(acked).toMatchObject({ status: 'acknowledged', overdue: { acknowledge: true } });
    t.clock.advance(60_000);
    const second = (await (await platform.call('POST', path, {})).json()) as Schema<'Lead'>;
    expect(second.acknowledgedAt).toBe(acked.acknowledgedAt);
    intake = await t.login('intake@demo.local');
  });

  it('records a take-down: the shop goes offline and the action carries the attestation', async () => {
    const { shop, lead } = await newShopLead();
    const path = `/platforms/${platform.id}/leads/${lead.id}/action`;
    const future = new Date(t.clock.now().getTime() + 3600_000).toISOString();
    expect((await platform.call('POST', path, { action: 'taken_down', at: future })).status).toBe(422);
    const at = new Date(t.clock.now().getTime() - 60_000).toISOString();
    const response = await platform.call('POST', path, {
      action: 'taken_down',
      at,
      evidence: [{ description: 'Listing offline', sha256: 'a'.repeat(64) }],
    });
    expect(response.status).toBe(201);
    const action = (await response.json()) as Schema<'LeadAction'>;
    expect(action).toMatchObject({
      leadId: lead.id,
      action: 'taken_down',
      at,
      attestation: { kid: platform.key.kid, alg: 'EdDSA' },
    });
    expect((await getShop(t.ctx.db, shop.id))?.online).toBe(false);
    expect(await countRows(t.ctx.db, 'shop_takedowns')).toBeGreaterThan(0);
    const again = await platform.call('POST', path, { action: 'no_violation_found', at });
    expect(again.status).toBe(409);
    expect(await hasOpenLead(t.ctx.db, shop.id)).toBe(false);
  });

  it('turns a platform-submitted lead into a case in the intake queue', async () => {
    const shop = await insertTestShop(t.ctx, platform.id, { districtCode: '350103' });
    const response = await platform.call('POST', `/platforms/${platform.id}/submitted-leads`, {
      platformShopId: shop.platformShopId,
      violationCategory: 'false_advertising',
      description: 'Photos of dishes are stock images',
    });
    expect(response.status).toBe(201);
    const receipt = (await response.json()) as Schema<'PlatformLeadReceipt'>;
    expect(Object.keys(receipt)).not.toContain('caseId');
    const row = (
      await t.ctx.db.execute({
        sql: `SELECT c.* FROM cases c JOIN platform_submitted_leads p ON p.case_id = c.id WHERE p.id = ?`,
        args: [receipt.id],
      })
    ).rows[0]!;
    expect(row).toMatchObject({
      source: 'platform_lead',
      shop_id: shop.id,
      assigned_unit: 'intake',
      shop_district_code: '350103',
    });
    // An unknown shop needs a district to route by.
    const unknown = await platform.call('POST', `/platforms/${platform.id}/submitted-leads`, {
      platformShopId: 'never-seen',
      violationCategory: 'other',
      description: 'x',
    });
    expect(unknown.status).toBe(422);
    const badCategory = await platform.call('POST', `/platforms/${platform.id}/submitted-leads`, {
      platformShopId: shop.platformShopId,
      violationCategory: 'not_a_category',
      description: 'x',
    });
    expect(badCategory.status).toBe(422);
    expect(await badCategory.json()).toMatchObject({ code: 'unknown_category' });
  });
});
