import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import {
  assertPlatformScope,
  callingPlatformId,
  requirePlatform,
  requireStaffOrPlatform,
  signedInput,
} from '../platforms/require-platform.js';
import { createRelistingService } from './relisting-service.js';

/** Staff who decide relisting: the handlers and admins. */
export const RELISTING_DECIDER_ROLES = ['district_handler', 'detachment_handler', 'admin'] as const;

export function registerRelistingRoutes(router: OperationRouter, ctx: AppContext): void {
  const relisting = createRelistingService(ctx);

  router.handle(
    'createRelistingRequest',
    async (c, { params, body }) => {
      assertPlatformScope(c, params.platformId);
      return c.json(await relisting.createRelistingRequest(params.platformId, body, signedInput(c)), 201);
    },
    { before: [requirePlatform()] },
  );

  router.handle(
    'listRelistingRequests',
    async (c, { query }) => {
      const platformId = callingPlatformId(c);
      if (platformId !== undefined && query.platformId !== undefined)
        assertPlatformScope(c, query.platformId);
      return c.json(
        await relisting.listRelistingRequests({ ...query, ...(platformId !== undefined && { platformId }) }),
        200,
      );
    },
    { before: [requireStaffOrPlatform()] },
  );

  router.handle(
    'getRelistingRequest',
    async (c, { params }) =>
      c.json(await relisting.getRelistingRequest(params.requestId, callingPlatformId(c)), 200),
    { before: [requireStaffOrPlatform()] },
  );

  router.handle(
    'decideRelistingRequest',
    async (c, { params, body }) =>
      c.json(await relisting.decideRelistingRequest(params.requestId, body, c.get('staff')), 200),
    { before: [requireStaff(...RELISTING_DECIDER_ROLES)] },
  );

  router.handle(
    'getShopRelistingStatus',
    async (c, { params }) =>
      c.json(await relisting.shopRelistingStatus(params.shopId, callingPlatformId(c)), 200),
    { before: [requireStaffOrPlatform()] },
  );
}
