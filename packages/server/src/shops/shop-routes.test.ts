import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  registerTestPlatform,
  signPlatformRequest,
  type TestPlatform,
} from '../testing/platform-test-kit.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('shop feeds and shop search', () => {
  let t: TestApp;
  let platform: TestPlatform;
  let other: TestPlatform;
  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.login('admin@demo.local');
    platform = await registerTestPlatform(t, admin, { name: 'Feed Test Delivery' });
    other = await registerTestPlatform(t, admin, { name: 'Other Delivery' });
  });
  afterAll(() => t.close());

  const feedPath = () => `/platforms/${platform.id}/shop-feed`;
  const listing = (id: string, extra: Record<string, unknown> = {}) => ({
    platformShopId: id,
    name: `Qingshui Dumplings ${id}`,
    address: '1 Wuyi Road',
    districtCode: '350102',
    licenceNumber: `JY-${id}`,
    licenceExpiry: '2027-12-31',
    categories: ['dumplings'],
    rating: 4.2,
    complaintCount: 1,
    online: true,
    ...extra,
  });

  it('upserts good rows, lists bad rows by number and reason, and changes nothing when sent again', async () => {
    const shops = [
      listing('f-1'),
      listing('f-2', { districtCode: '350103' }),
      listing('f-3', { districtCode: '999999' }),
      listing('f-4', { complaintCount: -2 }),
      listing('f-5', { licenceExpiry: '2027-02-30' }),
      { name: 'no id' },
    ];
    const first = await platform.call('POST', feedPath(), { shops });
    expect(first.status).toBe(200);
    const body = (await first.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ received: 6, created: 2, updated: 0, unchanged: 0, rejected: 4 });
    expect(body.rejections).toEqual([
      { row: 3, field: 'districtCode', reason: 'is not a district of the reference data' },
      { row: 4, field: 'complaintCount', reason: 'must be a whole number ≥ 0' },
      { row: 5, field: 'licenceExpiry', reason: 'is not a calendar date YYYY-MM-DD' },
      { row: 6, field: 'platformShopId', reason: 'is missing' },
    ]);
    const again = await platform.call('POST', feedPath(), { shops: shops.slice(0, 2) });
    expect(await again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
    const changed = await platform.call('POST', feedPath(), { shops: [listing('f-1', { online: false })] });
    expect(await changed.json()).toMatchObject({ created: 0, updated: 1 });
    const stored = await t.ctx.db.execute({
      sql: 'SELECT online, district_code FROM shops WHERE platform_id = ? ORDER BY platform_shop_id',
      args: [platform.id],
    });
    expect(stored.rows.map((r) => [r.online, r.district_code])).toEqual([
      [0, '350102'],
      [1, '350103'],
    ]);
  });

  it('accepts NDJSON, signed over the exact body', async () => {
    const body = `${JSON.stringify(listing('n-1'))}\n{not json\n${JSON.stringify(listing('n-2'))}\n`;
    const signature = await signPlatformRequest({
      platformId: platform.id,
      key: platform.key,
      method: 'POST',
      target: feedPath(),
      body,
      iat: Math.floor(t.clock.now().getTime() / 1000),
    });
    const response = await t.app.request(feedPath(), {
      method: 'POST',
      headers: { 'ezhili-signature': signature, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      received: 3,
      created: 2,
      rejected: 1,
      rejections: [{ row: 2, reason: 'is not valid JSON' }],
    });
  });

  it('refuses the same Idempotency-Key with a different NDJSON feed, writing nothing', async () => {
    const send = async (body: string) =>
      t.app.request(feedPath(), {
        method: 'POST',
        headers: {
          'ezhili-signature': await signPlatformRequest({
            platformId: platform.id,
            key: platform.key,
            method: 'POST',
            target: feedPath(),
            body,
            iat: Math.floor(t.clock.now().getTime() / 1000),
          }),
          'content-type': 'application/x-ndjson',
          'idempotency-key': 'feed-key-1',
        },
        body,
      });
    expect((await send(`${JSON.stringify(listing('k-1'))}\n`)).status).toBe(200);
    const replay = await send(`${JSON.stringify(listing('k-1'))}\n`);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const other = await send(`${JSON.stringify(listing('k-2'))}\n`);
    expect(other.status).toBe(409);
    const k2 = await t.ctx.db.execute("SELECT 1 FROM shops WHERE platform_shop_id = 'k-2'");
    expect(k2.rows).toHaveLength(0);
  });

  it('refuses unsigned feeds and feeds for another platform, writing nothing', async () => {
    const unsigned = await t.request(feedPath(), { json: { shops: [listing('x-1')] } });
    expect(unsigned.status).toBe(401);
    const foreign = await other.call('POST', feedPath(), { shops: [listing('x-2')] });
    expect(foreign.status).toBe(403);
    const rows = await t.ctx.db.execute("SELECT count(*) AS n FROM shops WHERE platform_shop_id LIKE 'x-%'");
    expect(rows.rows[0]?.n).toBe(0);
  });

  it('searches shops by name, returning public listing data only', async () => {
    const response = await t.request('/shops/search?q=qingshui%20dumplings&limit=10');
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Array<Record<string, unknown>> };
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(items[0]!).sort()).toEqual([
      'address',
      'districtCode',
      'id',
      'name',
      'platformId',
      'platformShopId',
    ]);
    expect(JSON.stringify(items)).not.toMatch(/JY-|licence|rating|complaint/i);
    const inDistrict = (await (await t.request('/shops/search?q=dumplings&district=350103')).json()) as {
      items: Array<{ districtCode: string }>;
    };
    expect(inDistrict.items.length).toBeGreaterThan(0);
    expect(inDistrict.items.every((i) => i.districtCode === '350103')).toBe(true);
    // LIKE wildcards in the query are literal.
    const wildcard = (await (await t.request('/shops/search?q=%25')).json()) as { items: unknown[] };
    expect(wildcard.items).toEqual([]);
  });

  it('finds the demo shops for the widget picker', async () => {
    const { items } = (await (await t.request('/shops/search?q=fish')).json()) as {
      items: Array<{ name: string; platformId: string }>;
    };
    expect(items.some((i) => i.name.includes('Gulou Fish Ball') && i.platformId === 'plt_demo')).toBe(true);
  });
});
