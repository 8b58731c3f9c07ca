import { Readable } from 'node:stream';
import { requireStaff } from '../auth/require-staff.js';
import { createEvidenceService } from '../evidence/evidence-service.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { CASE_ACTOR_ROLES, CASE_HANDLER_ROLES, CASE_READER_ROLES } from './case-access.js';
import { caseEvidenceLister, downloadCaseEvidence } from './case-evidence.js';
import { createCaseService } from './case-service.js';

export function registerCaseRoutes(router: OperationRouter, ctx: AppContext): void {
  const evidence = createEvidenceService(ctx);
  const cases = createCaseService(ctx, caseEvidenceLister(evidence));
  const readers = requireStaff(...CASE_READER_ROLES);

  router.handle(
    'listCases',
    async (c, { query }) => c.json(await cases.listCases(c.get('staff'), query), 200),
    { before: [readers] },
  );

  router.handle(
    'getCaseCounts',
    async (c, { query }) => c.json(await cases.getCaseCounts(c.get('staff'), query), 200),
    { before: [readers] },
  );

  router.handle(
    'getCase',
    async (c, { params }) => c.json(await cases.getCase(c.get('staff'), params.caseId), 200),
    { before: [readers] },
  );

  router.handle(
    'triageCase',
    async (c, { params, body }) => c.json(await cases.triageCase(c.get('staff'), params.caseId, body), 200),
    { before: [requireStaff('intake', 'admin')] },
  );

  router.handle(
    'routeCases',
    async (c, { body }) => c.json(await cases.routeCases(c.get('staff'), body), 200),
    { before: [requireStaff(...CASE_ACTOR_ROLES)] },
  );

  router.handle(
    'transitionCase',
    async (c, { params, body }) =>
      c.json(await cases.transitionCase(c.get('staff'), params.caseId, body), 200),
    { before: [requireStaff(...CASE_HANDLER_ROLES)] },
  );

  router.handle(
    'assignCaseOfficer',
    async (c, { params, body }) =>
      c.json(await cases.assignCaseOfficer(c.get('staff'), params.caseId, body), 200),
    { before: [requireStaff(...CASE_ACTOR_ROLES)] },
  );

  router.handle('listOfficers', async (c) => c.json(await cases.listOfficers(c.get('staff')), 200), {
    before: [readers],
  });

  router.handle(
    'addCaseNote',
    async (c, { params, body }) =>
      c.json(await cases.addCaseNote(c.get('staff'), params.caseId, body.body), 201),
    { before: [requireStaff(...CASE_ACTOR_ROLES)] },
  );

  router.handle(
    'getEvidenceFile',
    async (c, { params }) => {
      const file = await downloadCaseEvidence(
        ctx,
        evidence,
        c.get('staff'),
        params.caseId,
        params.evidenceId,
      );
      return new Response(Readable.toWeb(file.stream) as ReadableStream, {
        status: 200,
        headers: {
          'Content-Type': file.contentType,
          'Content-Length': String(file.size),
          'Content-Disposition': `attachment; filename="${file.id}"`,
          'Cache-Control': 'no-store',
          'Ezhili-Evidence-Sha256': file.sha256,
        },
      });
    },
    { before: [readers] },
  );
}
