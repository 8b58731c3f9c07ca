import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { createMetricsService } from './metrics-service.js';

export function registerMetricsRoutes(router: OperationRouter, ctx: AppContext): void {
  const metrics = createMetricsService(ctx);
  // Aggregates without personal data: any authenticated staff member may read them.
  router.handle('getMetrics', async (c, { query }) => c.json(await metrics.getMetrics(query), 200), {
    before: [requireStaff()],
  });
}
