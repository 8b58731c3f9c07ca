import type { Context } from 'hono';
import { requireStaff } from '../auth/require-staff.js';
import { CASE_ACTOR_ROLES } from '../cases/case-access.js';
import { createEvidenceService, type StoredEvidence } from '../evidence/evidence-service.js';
import { readMultipartEvidence } from '../evidence/multipart-evidence.js';
import type { AppContext } from '../http/app-context.js';
import type { AppEnv } from '../http/app-env.js';
import type { OperationRouter } from '../http/operation-router.js';
import { optionalReporter } from '../identity/require-reporter.js';
import { requireTipAccess } from '../tips/require-tip-access.js';
import { createTipService } from '../tips/tip-service.js';
import { createMessageService, type Message } from './message-service.js';

const MULTIPART = /^multipart\/form-data\b/i;
// Room for the message part and the multipart framing around the files.
const FRAMING_BYTES = 256 * 1024;

type NewMessage = { body: string };

export function registerMessageRoutes(router: OperationRouter, ctx: AppContext): void {
  const messages = createMessageService(ctx);
  const evidence = createEvidenceService(ctx);
  const tipAccess = [optionalReporter(), requireTipAccess(createTipService(ctx))];
  // A reply carries as many files as a tip, under the same limits.
  const limits = {
    maxFiles: evidence.config.maxFilesPerTip,
    maxFileBytes: Math.max(evidence.config.maxPhotoBytes, evidence.config.maxVideoBytes),
  };

  async function postMultipart(c: Context<AppEnv>): Promise<Message> {
    const tip = c.get('tip');
    const { value, evidence: stored } = await readMultipartEvidence<NewMessage, StoredEvidence>(c.req.raw, {
      part: 'message',
      schema: 'NewMessage',
      limits,
      intake: evidence,
      precheck: () => messages.assertOpen(tip),
    });
    try {
      return await messages.postFromReporter(tip, value.body, stored);
    } catch (error) {
      // The message did not commit: its files must not outlive it.
      await evidence.discard(stored);
      throw error;
    }
  }

  router.handle(
    'listTipMessages',
    async (c) =>
      c.json({ items: await messages.listForTip(c.get('tip')) }, 200, { 'Cache-Control': 'no-store' }),
    { before: tipAccess },
  );

  router.handle(
    'postTipMessage',
    async (c, { body }) => {
      const message = MULTIPART.test(c.req.header('content-type') ?? '')
        ? await postMultipart(c)
        : await messages.postFromReporter(c.get('tip'), (body as NewMessage).body);
      return c.json(message, 201);
    },
    {
      before: tipAccess,
      streamedBody: true,
      maxBodyBytes: limits.maxFiles * limits.maxFileBytes + FRAMING_BYTES,
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
