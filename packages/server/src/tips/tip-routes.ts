import type { Context } from 'hono';
import { createEvidenceService, type StoredEvidence } from '../evidence/evidence-service.js';
import type { AppContext } from '../http/app-context.js';
import type { AppEnv } from '../http/app-env.js';
import type { OperationRouter } from '../http/operation-router.js';
import { optionalReporter } from '../identity/require-reporter.js';
import { readMultipartTip } from './multipart-tip.js';
import { requireTipAccess } from './require-tip-access.js';
import { createTipService, type EvidenceForTip, type TipReceipt, type TipSubmission } from './tip-service.js';

const MULTIPART = /^multipart\/form-data\b/i;
// Room for the tip part and the multipart framing around the files.
const FRAMING_BYTES = 256 * 1024;

export function registerTipRoutes(router: OperationRouter, ctx: AppContext): void {
  const tips = createTipService(ctx);
  const evidence = createEvidenceService(ctx);
  const limits = {
    maxFiles: evidence.config.maxFilesPerTip,
    maxFileBytes: Math.max(evidence.config.maxPhotoBytes, evidence.config.maxVideoBytes),
  };

  const forTip = (stored: StoredEvidence): EvidenceForTip => ({
    summary: { id: stored.id, contentType: stored.contentType, size: stored.size, sha256: stored.sha256 },
    insert: (caseId) => evidence.insertEvidenceStatement(stored, caseId),
  });

  async function submitMultipart(c: Context<AppEnv>, reporterId: string | undefined): Promise<TipReceipt> {
    const { tip, evidence: stored } = await readMultipartTip(c.req.raw, {
      limits,
      intake: evidence,
      precheck: tips.precheck,
    });
    try {
      return await tips.submit(tip, { reporterId, evidence: stored.map(forTip) });
    } catch (error) {
      // The tip did not commit: its files must not outlive it.
      await evidence.discard(stored);
      throw error;
    }
  }

  router.handle(
    'submitTip',
    async (c, { body }) => {
      const reporterId = c.get('reporter')?.reporterId;
      const receipt = MULTIPART.test(c.req.header('content-type') ?? '')
        ? await submitMultipart(c, reporterId)
        : await tips.submit(body as TipSubmission, { reporterId });
      return c.json(receipt, 201, { 'Cache-Control': 'no-store' });
    },
    {
      before: [optionalReporter()],
      streamedBody: true,
      maxBodyBytes: limits.maxFiles * limits.maxFileBytes + FRAMING_BYTES,
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
