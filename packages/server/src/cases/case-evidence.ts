import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { EvidenceFile, EvidenceService } from '../evidence/evidence-service.js';
import type { AppContext } from '../http/app-context.js';
import { notFound } from '../problem/problem-error.js';
import { loadVisibleCase } from './case-access.js';
import type { CaseEvidenceLister } from './case-context.js';

/** Lists a case's evidence as staff see it: type, size and hash of the stripped (or redacted) file. */
export function caseEvidenceLister(evidence: EvidenceService): CaseEvidenceLister {
  return {
    async list(_db, caseId) {
      return (await evidence.list(caseId)).map((file) => ({
        id: file.id,
        contentType: file.contentType,
        size: file.size,
        sha256: file.sha256,
        ...(file.redaction && { redaction: file.redaction }),
      }));
    },
  };
}

/**
 * Opens one evidence file of a case for a staff member of the unit holding it (or an auditor or
 * admin). The metadata-stripped copy, or its redacted version once redacted, for every unit alike;
 * every download is in the audit log.
 */
export async function downloadCaseEvidence(
  ctx: AppContext,
  evidence: EvidenceService,
  staff: StaffPrincipal,
  caseId: string,
  evidenceId: string,
): Promise<EvidenceFile> {
  await loadVisibleCase(ctx.db, staff, caseId, 'read');
  const listed = await evidence.list(caseId);
  if (!listed.some((file) => file.id === evidenceId)) {
    throw notFound('This case has no evidence file with this id.', 'evidence_not_found');
  }
  const file = await evidence.open(evidenceId);
  await ctx.audit.append({
    actor: { type: 'staff', id: staff.id },
    action: 'evidence.downloaded',
    subject: { type: 'evidence', id: evidenceId },
    details: { caseId, sha256: file.sha256 },
  });
  return file;
}
