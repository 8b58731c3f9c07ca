import type { Schema } from '@ezhili/contract';
import type { CaseViewContributor } from '../cases/case-view.js';
import { textOrNull } from '../db/rows.js';
import { listCaseEvidenceRedactions } from '../evidence/evidence-redaction.js';
import { listCaseTextRedactions } from './text-redaction.js';

type CaseRedaction = Schema<'CaseRedaction'>;

/** The redactions of a case, photos and texts, oldest first, in the staff view of the case. */
export const caseRedactionsView: CaseViewContributor = async (executor, caseId) => {
  const photos: CaseRedaction[] = (await listCaseEvidenceRedactions(executor, caseId)).map((r) => ({
    id: r.id,
    kind: 'evidence',
    target: { type: 'evidence', id: r.evidenceId },
    version: r.version,
    reason: r.reason,
    redactedBy: r.redactedBy,
    createdAt: r.createdAt,
  }));
  const texts: CaseRedaction[] = (await listCaseTextRedactions(executor, caseId)).map((row) => ({
    id: String(row.id),
    kind: 'text',
    target: {
      type: row.target_type as CaseRedaction['target']['type'],
      id: textOrNull(row.target_id),
    },
    version: Number(row.version),
    reason: String(row.reason),
    redactedBy: String(row.redacted_by),
    createdAt: String(row.created_at),
  }));
  return {
    redactions: [...photos, ...texts].sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
    ),
  };
};
