import { createEvidenceService } from '../evidence/evidence-service.js';
import type { AppContext } from '../http/app-context.js';
import type { CaseContext, CaseEvidenceLister } from './case-context.js';
import { caseEvidenceLister } from './case-evidence.js';
import { createCaseNotes } from './case-notes.js';
import { createCaseOfficers } from './case-officers.js';
import { createCaseQueries } from './case-queries.js';
import { CASE_SETTINGS } from './case-settings.js';
import { createCaseTransitions } from './case-transitions.js';
import { createCaseOpening } from './open-case.js';
import { createReporterContact } from './reporter-contact.js';
import { createCaseBulkRouting } from './route-cases.js';
import { createCaseTriage } from './triage-case.js';

/**
 * Cases: opening, triage, routing, the state machine, notes. The rules live in one use-case file
 * each (open-case, triage-case, case-transitions, case-officers, case-notes, case-queries,
 * reporter-contact); this puts them together. Routes only translate.
 */
export function createCaseService(
  ctx: AppContext,
  evidence: CaseEvidenceLister = caseEvidenceLister(createEvidenceService(ctx)),
) {
  const cc: CaseContext = { ctx, settings: ctx.settings.of(CASE_SETTINGS), evidence };
  return {
    settings: cc.settings,
    ...createCaseOpening(cc),
    ...createCaseQueries(cc),
    ...createCaseTriage(cc),
    ...createCaseTransitions(cc),
    ...createCaseBulkRouting(cc),
    ...createCaseNotes(cc),
    ...createCaseOfficers(cc),
    ...createReporterContact(cc),
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
