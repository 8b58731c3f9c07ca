import jsQRModule from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { DEMO_PARTNER_ID } from './partner-demo.js';

const tip = (referral?: unknown) => ({
  description: 'Raw meat left in the sun.',
  shop: { name: 'Shop', address: 'Road 1' },
  districtCode: '350102',
  category: 'other',
  observedAt: '2026-01-06T08:00:00Z',
  ...(referral !== undefined && { referral }),
});

// jsqr is CommonJS: under NodeNext its default export arrives wrapped, at run time it may not be.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsQRModule as unknown as { default?: Decode }).default ?? jsQRModule) as unknown as Decode;

/** Reads a QR code back from its SVG: rendered by sharp, decoded by jsQR. */
async function decodeQr(svg: string): Promise<string | undefined> {
  const { data, info } = await sharp(Buffer.from(svg), { density: 300 })
    .flatten({ background: '#ffffff' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data;
}

describe('partner entry points and referral counts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(
      { PUBLIC_URL: 'https://report.example.gov.cn' },
      {},
      { now: '2026-01-06T09:00:00Z' },
    );
  });
  afterAll(() => t.close());

  it('gives each entry point a deep link to the form and a QR code (SVG) that reads back as that link', async () => {
    const response = await t.request(`/partners/${DEMO_PARTNER_ID}/entry-points`, {
      token: await t.login('admin@demo.local'),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      items: Array<{ entryPoint: string; url: string; qrSvg: string }>;
    };
    expect(body.items.map((item) => item.entryPoint)).toEqual(['splash', 'banner', 'in_app']);
    for (const item of body.items) {
      expect(item.url).toBe(
        `https://report.example.gov.cn/embed/tip?partner=${DEMO_PARTNER_ID}&entry=${item.entryPoint}`,
      );
      expect(item.qrSvg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(await decodeQr(item.qrSvg)).toBe(item.url);
    }
    expect(
      (await t.request('/partners/no-such-app/entry-points', { token: await t.login('admin@demo.local') }))
        .status,
    ).toBe(404);
    expect(
      (
        await t.request(`/partners/${DEMO_PARTNER_ID}/entry-points`, {
          token: await t.login('auditor1@demo.local'),
        })
      ).status,
    ).toBe(403);
  });

  it('passes the entry point of a deep link to the form, and nothing that is not one', async () => {
    const page = await t.request(`/embed/tip?partner=${DEMO_PARTNER_ID}&entry=banner`);
    if (page.status === 503) return; // widget not built: embed-routes.test.ts says so
    expect(await page.text()).toContain('data-entry="banner"');
    const odd = await t.request(`/embed/tip?partner=${DEMO_PARTNER_ID}&entry=%22%3E%3Cscript%3E`);
    expect(await odd.text()).toContain('data-entry=""');
  });

  it('counts tips per partner and entry point in monthly totals only, never on the tip, small counts withheld', async () => {
    for (let i = 0; i < 6; i++) {
      const r = await t.request('/tips', { json: tip({ partnerId: DEMO_PARTNER_ID, entryPoint: 'splash' }) });
      expect(r.status).toBe(201);
    }
    for (let i = 0; i < 2; i++) {
      await t.request('/tips', { json: tip({ partnerId: DEMO_PARTNER_ID, entryPoint: 'banner' }) });
    }
    // An unknown partner is accepted and counted nowhere; a bad entry point is a 400.
    expect(
      (await t.request('/tips', { json: tip({ partnerId: 'no-such-app', entryPoint: 'splash' }) })).status,
    ).toBe(201);
    expect(
      (await t.request('/tips', { json: tip({ partnerId: DEMO_PARTNER_ID, entryPoint: 'tv' }) })).status,
    ).toBe(400);
    // Nothing on the tip or its case says where it came from.
    const stored = JSON.stringify([
      (await t.ctx.db.execute('SELECT * FROM tips')).rows,
      (await t.ctx.db.execute('SELECT * FROM cases')).rows,
      (await t.ctx.db.execute('SELECT * FROM audit_events')).rows,
    ]);
    expect(stored).not.toMatch(/splash|banner/);

    const auditor = await t.login('auditor1@demo.local');
    // The current month is not shown yet: a counter that just moved names no tip.
    const now = (await (await t.request('/partners/referrals', { token: auditor })).json()) as {
      items: unknown[];
    };
    expect(now.items).toEqual([]);
    t.clock.set('2026-02-02T09:00:00Z');
    const later = await t.login('auditor1@demo.local');
    const counts = (await (await t.request('/partners/referrals', { token: later })).json()) as {
      to: string;
      items: Array<{ partnerId: string; entryPoint: string; tips: number | null }>;
    };
    expect(counts.to).toBe('2026-01');
    expect(counts.items).toEqual([
      { partnerId: DEMO_PARTNER_ID, entryPoint: 'banner', tips: null },
      { partnerId: DEMO_PARTNER_ID, entryPoint: 'splash', tips: 6 },
    ]);
    expect(
      (await t.request('/partners/referrals', { token: await t.login('intake@demo.local') })).status,
    ).toBe(403);
  });
});
