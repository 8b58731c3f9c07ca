import type { Schema } from '@ezhili/contract';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { districtExists } from '../districts/district-service.js';
import { conflict, unprocessable } from '../problem/problem-error.js';
import { loadVisibleCase } from './case-access.js';
import { type CaseContext, staffActor } from './case-context.js';
import { readCaseDetail } from './case-detail.js';
import { recordTransition } from './case-history.js';
import { type CaseDetail, findCase } from './case-records.js';
import { routeFor } from './case-routing.js';

export type CaseTransitionRequest = Schema<'CaseTransitionRequest'>;

/** A handler's moves after triage: investigate, close with an outcome, or re-route to another unit. */
export function createCaseTransitions(cc: CaseContext) {
  const { db } = cc.ctx;
  return {
    async transitionCase(
      staff: StaffPrincipal,
      caseId: string,
      request: CaseTransitionRequest,
    ): Promise<CaseDetail> {
      checkTransitionRequest(request);
      return db.transaction(async (tx) => {
        await transitionWithin(cc, tx, staff, caseId, request);
        // The caller may have just handed the case to another unit; it still sees the result.
        return readCaseDetail(cc, tx, await findCase(tx, caseId));
      });
    },
  };
}

/** The request's own rules, before any case is read: 422 naming the missing field. */
export function checkTransitionRequest(request: CaseTransitionRequest): void {
  const missing = (field: string, why: string) =>
    unprocessable(`${field}_required`, why, [
      { pointer: `#/${field}`, detail: `is required for ${request.action}` },
    ]);
  if (request.action === 'close') {
    if (!request.outcome) throw missing('outcome', 'Closing a case needs an outcome.');
    if (!request.summary?.trim()) throw missing('summary', 'Closing a case needs a summary.');
    if (request.outcome === 'violation_confirmed' && request.penaltyFen === undefined) {
      throw missing('penaltyFen', 'A confirmed violation needs the penalty amount in fen.');
    }
    if (request.outcome !== 'violation_confirmed' && request.penaltyFen !== undefined) {
      throw unprocessable('penalty_without_violation', 'Only a confirmed violation carries a penalty.');
    }
  }
  if (request.action === 'reroute') {
    if (!request.classification) throw missing('classification', 'Re-routing needs a classification.');
    if (!request.reason?.trim()) throw missing('reason', 'Re-routing needs a reason.');
  }
}

/** Moves one case on inside the caller's transaction (its transition and audit event with it). */
export async function transitionWithin(
  cc: CaseContext,
  tx: Executor,
  staff: StaffPrincipal,
  caseId: string,
  request: CaseTransitionRequest,
): Promise<void> {
  const { clock, audit } = cc.ctx;
  const record = await loadVisibleCase(tx, staff, caseId, 'act');
  const at = clock.now().toISOString();
  const actor = `staff:${staff.id}`;
  let details: Record<string, unknown>;
  if (request.action === 'investigate') {
    if (record.state !== 'triaged') {
      throw conflict('invalid_transition', `A ${record.state} case cannot move to investigating.`);
    }
    await tx.execute({
      sql: `UPDATE cases SET state = 'investigating', updated_at = ? WHERE id = ?`,
      args: [at, caseId],
    });
    details = {};
    await recordTransition(tx, record, 'investigate', 'investigating', actor, details, at);
  } else if (request.action === 'close') {
    if (record.state !== 'investigating') {
      throw conflict('invalid_transition', `A ${record.state} case cannot be closed; investigate it first.`);
    }
    await tx.execute({
      sql: `UPDATE cases SET state = 'closed', outcome = ?, penalty_fen = ?, closing_summary = ?, closed_at = ?,
                    feedback_given_at = COALESCE(feedback_given_at, ?), updated_at = ? WHERE id = ?`,
      args: [request.outcome!, request.penaltyFen ?? null, request.summary!, at, at, at, caseId],
    });
    details = { outcome: request.outcome, penaltyFen: request.penaltyFen ?? null };
    await recordTransition(tx, record, 'close', 'closed', actor, details, at);
  } else {
    if (record.state !== 'triaged' && record.state !== 'investigating') {
      throw conflict('invalid_transition', `A ${record.state} case cannot be re-routed.`);
    }
    const districtCode = request.districtCode ?? record.shopDistrictCode;
    if (request.districtCode && !(await districtExists(tx, request.districtCode))) {
      throw unprocessable('unknown_district', `District ${request.districtCode} is not served here.`, [
        { pointer: '#/districtCode', detail: 'is not a known district' },
      ]);
    }
    const route = routeFor(request.classification!, districtCode);
    if (
      route.assignedUnit === record.assignedUnit &&
      route.assignedDistrictCode === record.assignedDistrictCode
    ) {
      throw conflict('same_route', 'The case is already with this unit.');
    }
    await tx.execute({
      // Another unit: the old unit's officer does not follow the case (the new unit assigns).
      sql: `UPDATE cases SET classification = ?, assigned_unit = ?, assigned_district_code = ?,
              assigned_officer_id = NULL, updated_at = ? WHERE id = ?`,
      args: [request.classification!, route.assignedUnit, route.assignedDistrictCode, at, caseId],
    });
    details = {
      classification: request.classification,
      from: { assignedUnit: record.assignedUnit, assignedDistrictCode: record.assignedDistrictCode },
      to: route,
      reason: request.reason,
      ...(record.assignedOfficerId && { previousOfficerId: record.assignedOfficerId }),
    };
    await recordTransition(tx, record, 'reroute', record.state, actor, details, at);
  }
  await audit.appendWithin(tx, {
    actor: staffActor(staff),
    action: `case.${request.action}`,
    subject: { type: 'case', id: caseId },
    details,
  });
}
