import type { AppContext } from '../http/app-context.js';
import { findPlatform } from './platform-service.js';

/** The demo platform (`npm start`), matching `examples/platform-integration`. */
export const DEMO_PLATFORM_ID = 'plt_demo';

/**
 * The demo platform's public key. Its private half is checked in at
 * `examples/platform-integration/demo-platform-key.json`: DEMO ONLY, publicly known; a
 * production start refuses demo data altogether.
 */
const DEMO_PLATFORM_JWK = {
  kty: 'OKP',
  crv: 'Ed25519',
  x: 'WNL4YNECdf2plyujdwt9WKI2RNmXGm4Z2m3mvfUxV-Y',
  kid: 'demo-platform-key-1',
  alg: 'EdDSA',
  use: 'sig',
};

const DEMO_SHOPS = [
  { platformShopId: 'demo-1001', name: '闽江面馆 Minjiang Noodle House', districtCode: '350102' },
  { platformShopId: 'demo-1002', name: '三坊七巷鱼丸 Sanfang Fish Balls', districtCode: '350102' },
  { platformShopId: 'demo-1003', name: '台江烧烤 Taijiang Grill', districtCode: '350103' },
];

/** Seeds the demo platform and three shops it lists (idempotent). */
export async function seedDemoPlatform(ctx: AppContext): Promise<void> {
  if (await findPlatform(ctx.db, DEMO_PLATFORM_ID)) return;
  const now = ctx.clock.now().toISOString();
  await ctx.db.batch([
    {
      sql: `INSERT INTO platforms (id, name, jwks, webhook_url, webhook_enabled, contacts, created_at, updated_at)
            VALUES (?, ?, ?, ?, 1, ?, ?, ?)`,
      args: [
        DEMO_PLATFORM_ID,
        'Demo Delivery (example platform)',
        JSON.stringify({ keys: [DEMO_PLATFORM_JWK] }),
        ctx.config.rawEnv.DEMO_PLATFORM_WEBHOOK_URL ?? 'http://127.0.0.1:8788/webhooks/ezhili',
        JSON.stringify([{ name: 'Demo ops desk', email: 'ops@demo-delivery.example' }]),
        now,
        now,
      ],
    },
    ...DEMO_SHOPS.map((shop) => ({
      sql: `INSERT INTO shops (id, platform_id, platform_shop_id, name, district_code, online, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT DO NOTHING`,
      args: [
        `shop_${shop.platformShopId.replace('-', '_')}`,
        DEMO_PLATFORM_ID,
        shop.platformShopId,
        shop.name,
        shop.districtCode,
        now,
        now,
      ],
    })),
  ]);
}
