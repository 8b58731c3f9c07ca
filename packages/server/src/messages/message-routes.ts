import { requireStaff } from '../auth/require-staff.js';
import { CASE_ACTOR_ROLES } from '../cases/case-access.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { optionalReporter } from '../identity/require-reporter.js';
import { requireTipAccess } from '../tips/require-tip-access.js';
import { createTipService } from '../tips/tip-service.js';
import { createMessageService } from './message-service.js';

export function registerMessageRoutes(router: OperationRouter, ctx: AppContext): void {
  const messages = createMessageService(ctx);
  const tipAccess = [optionalReporter(), requireTipAccess(createTipService(ctx))];

  router.handle(
    'listTipMessages',
    async (c) =>
      c.json({ items: await messages.listForTip(c.get('tip')) }, 200, { 'Cache-Control': 'no-store' }),
    { before: tipAccess },
  );

  router.handle(
    'postTipMessage',
    async (c, { body }) => c.json(await messages.postFromReporter(c.get('tip'), body.body), 201),
    { before: tipAccess },
  );

  router.handle(
    'postCaseMessage',
    async (c, { params, body }) =>
      c.json(await messages.postFromHandler(c.get('staff'), params.caseId, body.body), 201),
    { before: [requireStaff(...CASE_ACTOR_ROLES)] },
  );
}
