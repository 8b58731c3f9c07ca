import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { listDistricts } from './district-service.js';

export function registerDistrictRoutes(router: OperationRouter, ctx: AppContext): void {
  router.handle('listDistricts', async (c) => c.json({ items: await listDistricts(ctx.db) }, 200));
}
