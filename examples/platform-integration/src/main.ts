import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createPlatformService } from './platform-service.js';

// Defaults run against `npm start` (the demo regulator) with the demo platform's published key.
const keyFile =
  process.env.PLATFORM_KEY_FILE ?? new URL('../demo-platform-key.json', import.meta.url).pathname;
const key = JSON.parse(readFileSync(keyFile, 'utf8')) as {
  platformId: string;
  privateJwk: Record<string, string>;
};
const port = Number(process.env.PORT ?? 8788);

const platform = createPlatformService({
  regulatorUrl: process.env.EZHILI_URL ?? 'http://localhost:8787',
  platformId: process.env.PLATFORM_ID ?? key.platformId,
  privateKey: key.privateJwk as never,
});
// The demo platform's listings: the same shops the regulator's demo data lists for `plt_demo`.
const demoShops = JSON.parse(readFileSync(new URL('../demo-shops.json', import.meta.url), 'utf8')) as {
  shops: Array<{ id: string; name: string }>;
};
for (const shop of demoShops.shops) platform.store.addShop(shop.id, shop.name);

serve({ fetch: platform.app.fetch, port, hostname: '127.0.0.1' }, () => {
  console.log(`example platform on http://127.0.0.1:${port} (webhooks at /webhooks/ezhili)`);
});
// Also poll, for leads sent while this service was down.
setInterval(() => void platform.pullLeads().catch((error: Error) => console.error(error.message)), 30_000);
