import type { Context } from 'hono';
import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { AppEnv } from '../http/app-env.js';
import type { OperationRouter } from '../http/operation-router.js';
import {
  assertPlatformScope,
  callingPlatformId,
  requirePlatform,
  requireStaffOrPlatform,
  signedInput,
} from '../platforms/require-platform.js';
import { createRelistingService, type RelistingReader } from './relisting-service.js';

/** Staff who decide relisting: the handlers and admins. */
export const RELISTING_DECIDER_ROLES = ['district_handler', 'detachment_handler', 'admin'] as const;
/** Staff who read relisting: the deciders (a district handler for their district's shops), auditors. */
export const RELISTING_READER_ROLES = [...RELISTING_DECIDER_ROLES, 'auditor'] as const;

/** Who reads, for the service: the signing platform, or the staff member and their reach. */
function readerOf(c: Context<AppEnv>): RelistingReader {
  const platformId = callingPlatformId(c);
  return platformId !== undefined ? { platformId } : { staff: c.get('staff') };
}

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
      if (platformId !== undefined) {
        return c.json(await relisting.listRelistingRequests({ ...query, platformId }), 200);
      }
      return c.json(await relisting.listRelistingRequests(query, c.get('staff')), 200);
    },
    { before: [requireStaffOrPlatform(...RELISTING_READER_ROLES)] },
  );

  router.handle(
    'getRelistingRequest',
    async (c, { params }) => c.json(await relisting.getRelistingRequest(params.requestId, readerOf(c)), 200),
    { before: [requireStaffOrPlatform(...RELISTING_READER_ROLES)] },
  );

  router.handle(
    'decideRelistingRequest',
    async (c, { params, body }) =>
      c.json(await relisting.decideRelistingRequest(params.requestId, body, c.get('staff')), 200),
    { before: [requireStaff(...RELISTING_DECIDER_ROLES)] },
  );

  router.handle(
    'getShopRelistingStatus',
    async (c, { params }) => c.json(await relisting.shopRelistingStatus(params.shopId, readerOf(c)), 200),
    { before: [requireStaffOrPlatform(...RELISTING_READER_ROLES)] },
  );
}
