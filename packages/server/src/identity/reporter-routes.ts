import type { Context } from 'hono';
import type { AppContext } from '../http/app-context.js';
import type { AppEnv } from '../http/app-env.js';
import { clientAddress } from '../http/client-address.js';
import type { OperationRouter } from '../http/operation-router.js';
import { payoutKey } from './identity-keys.js';
import {
  createReporterService,
  type ReporterProfile,
  type ReporterSessionGrant,
} from './reporter-service.js';
import { requireReporter } from './require-reporter.js';

const sessionBody = (grant: ReporterSessionGrant) => ({
  token: grant.token,
  tokenType: 'Bearer' as const,
  expiresAt: grant.expiresAt.toISOString(),
});

// Personal data must not sit in a browser or proxy cache.
const profileResponse = (c: Context<AppEnv>, profile: ReporterProfile) => {
  c.header('Cache-Control', 'no-store');
  return c.json(
    {
      realName: profile.realName,
      residentId: profile.residentId,
      phone: profile.phone,
      bankAccount: profile.bankAccount,
      registeredAt: profile.registeredAt,
      updatedAt: profile.updatedAt,
    },
    200,
  );
};

export function registerReporterRoutes(router: OperationRouter, ctx: AppContext): void {
  // Load (or, outside production, create) the payout key now: a production start without it
  // fails here rather than on the first registration.
  payoutKey(ctx.config);
  const reporters = createReporterService(ctx);
  const address = (c: Context<AppEnv>) => clientAddress(c, ctx.config.trustProxy);

  router.handle('registerReporter', async (c, { body }) =>
    c.json(sessionBody(await reporters.register(body, address(c))), 201),
  );

  router.handle('createReporterSession', async (c, { body }) =>
    c.json(sessionBody(await reporters.login(body.phone, body.passphrase, address(c))), 201),
  );

  router.handle(
    'deleteReporterSession',
    async (c) => {
      await reporters.endSession(c.get('reporter').sessionHash);
      return c.body(null, 204);
    },
    { before: [requireReporter()] },
  );

  router.handle(
    'getReporterProfile',
    async (c) => profileResponse(c, await reporters.getProfile(c.get('reporter').reporterId)),
    {
      before: [requireReporter()],
    },
  );

  router.handle(
    'updateReporterProfile',
    async (c, { body }) =>
      profileResponse(c, await reporters.updateProfile(c.get('reporter'), body, address(c))),
    { before: [requireReporter()] },
  );
}
