import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import type { CaseSettings } from './case-settings.js';

/**
 * Lists evidence of a case for staff (see case-evidence.ts): a seam, so the case use cases do not
 * depend on how evidence is stored.
 */
export interface CaseEvidenceLister {
  list(db: Executor, caseId: string): Promise<Schema<'EvidenceSummary'>[]>;
}

/** What every case use case (open, triage, transitions, notes, queries) is built from. */
export interface CaseContext {
  ctx: AppContext;
  settings: CaseSettings;
  evidence: CaseEvidenceLister;
}

export const staffActor = (staff: StaffPrincipal): AuditActor => ({ type: 'staff', id: staff.id });
