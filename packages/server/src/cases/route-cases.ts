import type { Schema } from '@ezhili/contract';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { conflict, ProblemError, unprocessable } from '../problem/problem-error.js';
import { CASE_HANDLER_ROLES, loadVisibleCase } from './case-access.js';
import type { CaseContext } from './case-context.js';
import { type CaseSummary, findCase, officerNamesOf, toCaseSummary } from './case-records.js';
import { transitionWithin } from './case-transitions.js';
import { triageWithin } from './triage-case.js';

export type CaseRoutingRequest = Schema<'CaseRoutingRequest'>;

const TRIAGE_ROLES = ['intake', 'admin'] as const;

/**
 * The queue's bulk action: route several cases to one unit in one transaction. Each case goes
 * through the use case a single case would (triage for a received one, re-route for a routed
 * one), so the rules, transitions and audit events are the same; if any case is refused, the
 * transaction is rolled back and the problem names every refused case.
 */
export function createCaseBulkRouting(cc: CaseContext) {
  const { db, clock } = cc.ctx;
  return {
    async routeCases(staff: StaffPrincipal, request: CaseRoutingRequest): Promise<{ routed: CaseSummary[] }> {
      return db.transaction(async (tx) => {
        const refused: Array<{ index: number; caseId: string; problem: ProblemError }> = [];
        for (const [index, caseId] of request.caseIds.entries()) {
          try {
            await routeOne(cc, tx, staff, caseId, request);
          } catch (error) {
            if (!(error instanceof ProblemError)) throw error;
            refused.push({ index, caseId, problem: error });
          }
        }
        if (refused.length > 0) throw refusal(refused, request.caseIds.length);
        const now = clock.now();
        const routed: CaseSummary[] = [];
        for (const caseId of request.caseIds) {
          const record = await findCase(tx, caseId);
          routed.push(toCaseSummary(record, now, await officerNamesOf(tx, [record])));
        }
        return { routed };
      });
    },
  };
}

async function routeOne(
  cc: CaseContext,
  tx: Executor,
  staff: StaffPrincipal,
  caseId: string,
  request: CaseRoutingRequest,
): Promise<void> {
  const record = await loadVisibleCase(tx, staff, caseId, 'act');
  const reason = request.reason?.trim() ? { reason: request.reason } : {};
  if (record.state === 'closed') throw conflict('case_closed', 'A closed case cannot be routed.');
  if (record.state === 'received') {
    if (!TRIAGE_ROLES.some((role) => staff.roles.includes(role))) {
      throw new ProblemError(403, { code: 'forbidden', detail: 'Your roles may not triage this case.' });
    }
    await triageWithin(cc, tx, staff, caseId, {
      decision: 'accept',
      classification: request.classification,
      ...reason,
    });
    return;
  }
  if (!CASE_HANDLER_ROLES.some((role) => staff.roles.includes(role))) {
    throw new ProblemError(403, { code: 'forbidden', detail: 'Your roles may not re-route this case.' });
  }
  if (!request.reason?.trim()) {
    throw unprocessable('reason_required', 'Re-routing a case that was triaged needs a reason.');
  }
  await transitionWithin(cc, tx, staff, caseId, {
    action: 'reroute',
    classification: request.classification,
    reason: request.reason,
  });
}

/** 409 naming each refused case by its position, with the refusal a single call would give. */
function refusal(refused: Array<{ index: number; caseId: string; problem: ProblemError }>, total: number) {
  return new ProblemError(409, {
    code: 'bulk_routing_refused',
    detail: `${refused.length} of ${total} cases cannot be routed so; none was routed.`,
    errors: refused.map(({ index, caseId, problem }) => ({
      pointer: `#/caseIds/${index}`,
      detail: `${caseId}: ${problem.code} — ${problem.detail ?? problem.title}`,
    })),
    extensions: { refusedCaseIds: refused.map(({ caseId }) => caseId) },
  });
}
