import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { assertPlatformScope, requirePlatform } from '../platforms/require-platform.js';
import { readRecords, type TextRecord } from '../record-import/text-records.js';
import { refuseFeedOnGuards } from './shop-feed-guard.js';
import { batchRecords, ingestShopListings } from './shop-listings.js';
import { searchShops } from './shop-search.js';

/** A feed is signed over its whole body, so it is buffered: batches of up to this size. */
const MAX_FEED_BYTES = 16 * 1024 * 1024;

export function registerShopRoutes(router: OperationRouter, ctx: AppContext): void {
  router.handle('searchShops', async (c, { query }) =>
    c.json({ items: await searchShops(ctx.db, query) }, 200),
  );

  router.handle(
    'ingestShopFeed',
    async (c, { params, body }) => {
      assertPlatformScope(c, params.platformId);
      const platformId = c.get('platform').id;
      // The body is buffered (it is signed whole), so its rows are checked before any loads.
      const records: TextRecord[] = [];
      for await (const record of body
        ? batchRecords(body.shops)
        : readRecords([await c.req.text()], 'ndjson'))
        records.push(record);
      await refuseFeedOnGuards(ctx, platformId, records, (row) =>
        body ? `#/shops/${row - 1}/online` : `#/row/${row}`,
      );
      const { rejectedByReason: _counted, ...result } = await ingestShopListings(ctx, records, {
        platformId,
        actor: { type: 'platform', id: platformId },
        source: 'feed',
      });
      return c.json(result, 200);
    },
    { before: [requirePlatform()], maxBodyBytes: MAX_FEED_BYTES },
  );
}
