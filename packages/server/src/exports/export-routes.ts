import { Readable } from 'node:stream';
import { requireStaff } from '../auth/require-staff.js';
import { CASE_READER_ROLES } from '../cases/case-access.js';
import { createCaseService } from '../cases/case-service.js';
import { createEvidenceService } from '../evidence/evidence-service.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { checkExportFont, renderCaseFilePdf } from './case-file-pdf.js';
import { EXPORT_SETTINGS } from './export-settings.js';

export function registerExportRoutes(router: OperationRouter, ctx: AppContext): void {
  const evidence = createEvidenceService(ctx);
  const cases = createCaseService(ctx);
  const settings = ctx.settings.of(EXPORT_SETTINGS);

  router.handle(
    'exportCaseFilePdf',
    async (c, { params }) => {
      checkExportFont(settings);
      const staff = c.get('staff');
      const detail = await cases.getCase(staff, params.caseId);
      await ctx.audit.append({
        actor: { type: 'staff', id: staff.id },
        action: 'case.exported',
        subject: { type: 'case', id: detail.id },
        details: { format: 'pdf', evidence: detail.evidence.length },
      });
      const pdf = renderCaseFilePdf(detail, evidence, settings, ctx.clock.now().toISOString());
      return new Response(Readable.toWeb(pdf) as ReadableStream, {
        status: 200,
        headers: {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `attachment; filename="${detail.identityCode}.pdf"`,
          'Cache-Control': 'no-store',
        },
      });
    },
    { before: [requireStaff(...CASE_READER_ROLES)] },
  );
}
