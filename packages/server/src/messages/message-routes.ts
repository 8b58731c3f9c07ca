import { requireStaff } from '../auth/require-staff.js';
import { CASE_ACTOR_ROLES } from '../cases/case-access.js';
import { isMultipart } from '../evidence/evidence-attachment.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { optionalReporter } from '../identity/require-reporter.js';
import { requireTipAccess } from '../tips/require-tip-access.js';
import { createTipService } from '../tips/tip-service.js';
import { createMessageService } from './message-service.js';
import { createReplyPosting } from './post-reply.js';

export function registerMessageRoutes(router: OperationRouter, ctx: AppContext): void {
  const messages = createMessageService(ctx);
  const replies = createReplyPosting(ctx);
  const tipAccess = [optionalReporter(), requireTipAccess(createTipService(ctx))];

  router.handle(
    'listTipMessages',
    async (c) =>
      c.json({ items: await messages.listForTip(c.get('tip')) }, 200, { 'Cache-Control': 'no-store' }),
    { before: tipAccess },
  );

  router.handle(
    'postTipMessage',
    async (c, { body }) => {
      const message = isMultipart(c.req.raw)
        ? await replies.postMultipart(c.get('tip'), c.req.raw)
        : await replies.post(c.get('tip'), (body as { body: string }).body);
      return c.json(message, 201);
    },
    {
      before: tipAccess,
      streamedBody: true,
      maxBodyBytes: replies.maxBodyBytes,
      // A streamed body is not hashed, so a retry matches on the Idempotency-Key alone.
      idempotency: 'key',
    },
  );

  router.handle(
    'postCaseMessage',
    async (c, { params, body }) =>
      c.json(await messages.postFromHandler(c.get('staff'), params.caseId, body.body), 201),
    { before: [requireStaff(...CASE_ACTOR_ROLES)] },
  );
}
