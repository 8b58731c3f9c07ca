import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { PLATFORM_READER_ROLES } from '../platforms/platform-service.js';
import { assertPlatformScope, requireStaffOrPlatform } from '../platforms/require-platform.js';
import { createScorecardService } from './scorecard-service.js';

/** Staff who issue cards. */
export const CARD_ISSUER_ROLES = ['detachment_handler', 'admin'] as const;

export function registerScorecardRoutes(router: OperationRouter, ctx: AppContext): void {
  const scorecards = createScorecardService(ctx);

  router.handle(
    'getPlatformScorecard',
    async (c, { params, query }) => {
      assertPlatformScope(c, params.platformId);
      return c.json(await scorecards.getPlatformScorecard(params.platformId, query.period), 200);
    },
    { before: [requireStaffOrPlatform(...PLATFORM_READER_ROLES)] },
  );

  router.handle(
    'listPlatformCards',
    async (c, { params, query }) => {
      assertPlatformScope(c, params.platformId);
      return c.json(await scorecards.listPlatformCards(params.platformId, query), 200);
    },
    { before: [requireStaffOrPlatform(...PLATFORM_READER_ROLES)] },
  );

  router.handle(
    'issuePlatformCard',
    async (c, { params, body }) =>
      c.json(await scorecards.issuePlatformCard(params.platformId, body, c.get('staff')), 201),
    { before: [requireStaff(...CARD_ISSUER_ROLES)] },
  );
}
