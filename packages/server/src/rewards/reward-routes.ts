import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import { clientAddress } from '../http/client-address.js';
import type { OperationRouter } from '../http/operation-router.js';
import { optionalReporter } from '../identity/require-reporter.js';
import { requireTipAccess } from '../tips/require-tip-access.js';
import { createTipService } from '../tips/tip-service.js';
import { APPROVER_ROLES, DETERMINER_ROLES, PROPOSER_ROLES, REWARD_READER_ROLES } from './reward-context.js';
import { createRewardService } from './reward-service.js';
import { toRewardRulesView } from './reward-settings.js';

export function registerRewardRoutes(router: OperationRouter, ctx: AppContext): void {
  const rewards = createRewardService(ctx);
  const tips = createTipService(ctx);
  const noStore = { 'Cache-Control': 'no-store' };

  router.handle('getRewardRules', (c) => c.json(toRewardRulesView(rewards.settings), 200));

  router.handle(
    'claimReward',
    async (c, { body }) => {
      const state = await rewards.claim(c.get('tip'), {
        sessionReporterId: c.get('reporter')?.reporterId,
        attachAccount: body?.attachAccount,
        clientAddress: clientAddress(c, ctx.config.trustProxy),
      });
      return c.json(state, 201, noStore);
    },
    { before: [optionalReporter(), requireTipAccess(tips)] },
  );

  router.handle(
    'listRewardClaims',
    async (c, { query }) => c.json({ items: await rewards.list(c.get('staff'), query) }, 200),
    { before: [requireStaff(...REWARD_READER_ROLES)] },
  );

  router.handle(
    'getRewardClaim',
    async (c, { params }) => c.json(await rewards.get(params.claimId, c.get('staff')), 200),
    { before: [requireStaff(...REWARD_READER_ROLES)] },
  );

  router.handle(
    'proposeReward',
    async (c, { params, body }) => c.json(await rewards.propose(params.claimId, c.get('staff'), body), 200),
    { before: [requireStaff(...PROPOSER_ROLES)] },
  );

  router.handle(
    'determineReward',
    async (c, { params, body }) =>
      c.json(await rewards.determine(params.claimId, c.get('staff'), body ?? {}), 200),
    { before: [requireStaff(...DETERMINER_ROLES)] },
  );

  router.handle(
    'approvePayout',
    async (c, { params, body }) =>
      c.json(
        await rewards.approve(params.claimId, c.get('staff'), body?.note, {
          resumed: c.get('idempotencyResumed') === true,
        }),
        200,
      ),
    { before: [requireStaff(...APPROVER_ROLES)] },
  );
}
