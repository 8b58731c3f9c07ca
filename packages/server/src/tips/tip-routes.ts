import { isMultipart } from '../evidence/evidence-attachment.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { optionalReporter } from '../identity/require-reporter.js';
import { requireTipAccess } from './require-tip-access.js';
import { createTipSubmission, type TipSubmission } from './submit-tip.js';
import { createTipService } from './tip-service.js';

export function registerTipRoutes(router: OperationRouter, ctx: AppContext): void {
  const tips = createTipService(ctx);
  const submission = createTipSubmission(ctx);

  router.handle(
    'submitTip',
    async (c, { body }) => {
      const reporterId = c.get('reporter')?.reporterId;
      const receipt = isMultipart(c.req.raw)
        ? await submission.submitMultipart(c.req.raw, { reporterId })
        : await submission.submit(body as TipSubmission, { reporterId });
      return c.json(receipt, 201, { 'Cache-Control': 'no-store' });
    },
    {
      before: [optionalReporter()],
      streamedBody: true,
      maxBodyBytes: submission.maxBodyBytes,
      // A streamed body is not hashed, so a retry matches on the Idempotency-Key alone.
      idempotency: 'key',
    },
  );

  router.handle(
    'getTip',
    async (c) => c.json(await tips.view(c.get('tip')), 200, { 'Cache-Control': 'no-store' }),
    { before: [optionalReporter(), requireTipAccess(tips)] },
  );
}
