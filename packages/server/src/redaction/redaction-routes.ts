import { requireStaff } from '../auth/require-staff.js';
import { CASE_ACTOR_ROLES, loadVisibleCase } from '../cases/case-access.js';
import { createEvidenceService } from '../evidence/evidence-service.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { notFound } from '../problem/problem-error.js';
import { redactCaseText } from './text-redaction.js';

export function registerRedactionRoutes(router: OperationRouter, ctx: AppContext): void {
  const evidence = createEvidenceService(ctx);
  const actors = requireStaff(...CASE_ACTOR_ROLES);

  router.handle(
    'redactEvidence',
    async (c, { params, body }) => {
      const staff = c.get('staff');
      await loadVisibleCase(ctx.db, staff, params.caseId, 'act');
      const files = await evidence.list(params.caseId);
      if (!files.some((file) => file.id === params.evidenceId)) {
        throw notFound('This case has no evidence file with this id.', 'evidence_not_found');
      }
      const redaction = await evidence.redact(params.evidenceId, {
        regions: body.regions,
        reason: body.reason,
        staffId: staff.id,
      });
      return c.json(redaction, 201);
    },
    { before: [actors] },
  );

  router.handle(
    'redactCaseText',
    async (c, { params, body }) =>
      c.json(await redactCaseText(ctx, c.get('staff'), params.caseId, body), 201),
    { before: [actors] },
  );
}
