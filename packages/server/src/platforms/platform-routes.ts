import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import {
  createPlatformService,
  PLATFORM_READER_ROLES,
  requirePlatformRecord,
  toPlatform,
} from './platform-service.js';
import { actorOf, assertPlatformScope, requireStaffOrPlatform } from './require-platform.js';
import { listWebhookDeliveries, retryDeadWebhook } from './webhook-outbox.js';
import { createWebhookSecrets, DEFAULT_OVERLAP_SECONDS } from './webhook-secrets.js';

export function registerPlatformRoutes(router: OperationRouter, ctx: AppContext): void {
  const platforms = createPlatformService(ctx);
  const secrets = createWebhookSecrets(ctx);

  router.handle(
    'registerPlatform',
    async (c, { body }) => c.json(toPlatform(await platforms.register(body, actorOf(c))), 201),
    { before: [requireStaff('admin')] },
  );

  router.handle(
    'getPlatform',
    async (c, { params }) => {
      assertPlatformScope(c, params.platformId);
      return c.json(toPlatform(await platforms.get(params.platformId)), 200);
    },
    { before: [requireStaffOrPlatform(...PLATFORM_READER_ROLES)] },
  );

  router.handle(
    'updatePlatform',
    async (c, { params, body }) =>
      c.json(toPlatform(await platforms.update(params.platformId, body, actorOf(c))), 200),
    { before: [requireStaff('admin')] },
  );

  router.handle(
    'listWebhookDeliveries',
    async (c, { params, query }) => {
      await requirePlatformRecord(ctx.db, params.platformId);
      return c.json(await listWebhookDeliveries(ctx.db, params.platformId, query), 200);
    },
    { before: [requireStaff('admin')] },
  );

  router.handle(
    'retryWebhookDelivery',
    async (c, { params }) => {
      const delivery = await ctx.db.transaction(async (tx) => {
        const retried = await retryDeadWebhook(tx, params.platformId, params.deliveryId, ctx.clock.now());
        await ctx.audit.appendWithin(tx, {
          actor: actorOf(c),
          action: 'webhook.retried',
          subject: { type: 'platform', id: params.platformId },
          details: { messageId: params.deliveryId },
        });
        return retried;
      });
      return c.json(delivery, 200);
    },
    { before: [requireStaff('admin')] },
  );

  router.handle(
    'rotateWebhookSecret',
    async (c, { params, body }) => {
      assertPlatformScope(c, params.platformId);
      const overlap = body?.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
      return c.json(await secrets.rotate(params.platformId, overlap, actorOf(c)), 201);
    },
    { before: [requireStaffOrPlatform('admin')] },
  );

  router.handle(
    'disableWebhookSecret',
    async (c, { params }) => {
      assertPlatformScope(c, params.platformId);
      await secrets.disable(params.platformId, actorOf(c));
      return c.body(null, 204);
    },
    { before: [requireStaffOrPlatform('admin')] },
  );
}
