import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';
import { extensionPoint } from '../http/extension-point.js';

/** What other modules add to the staff view of a case (getCase, and every case transition). */
export interface CaseViewContribution {
  /** The conversation with the reporter (messages module). */
  messages?: Schema<'CaseMessage'>[];
  /** The redactions of the case's photos and texts (redaction module). */
  redactions?: Schema<'CaseRedaction'>[];
  /** The case's legal hold, or null (retention module). */
  legalHold?: Schema<'LegalHold'> | null;
}

/** Runs inside the caller's transaction when there is one (`executor`). */
export type CaseViewContributor = (executor: Executor, caseId: string) => Promise<CaseViewContribution>;

/**
 * The staff view of a case, which modules above cases add to in their `ServerModule` entry
 * (`contribution(CASE_VIEW, …)`), so the case module reads no other module's tables.
 */
export const CASE_VIEW = extensionPoint<CaseViewContributor>('case view');
