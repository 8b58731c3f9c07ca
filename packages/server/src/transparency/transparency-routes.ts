import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { createCachedTransparencyReport } from './transparency-cache.js';

export function registerTransparencyRoutes(router: OperationRouter, ctx: AppContext): void {
  const report = createCachedTransparencyReport(ctx);
  // Public: aggregate figures only, every small cell withheld.
  router.handle('getTransparencyReport', async (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(await report(), 200);
  });
}
