import type { Schema } from '@ezhili/contract';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { conflict, unprocessable } from '../problem/problem-error.js';
import { loadVisibleCase } from './case-access.js';
import { type CaseContext, staffActor } from './case-context.js';
import { readCaseDetail } from './case-detail.js';
import { recordTransition } from './case-history.js';
import { addDays, type CaseDetail, findCase } from './case-records.js';
import { routeFor } from './case-routing.js';

export type TriageDecision = Schema<'TriageDecision'>;

/**
 * Triage by intake: accept (classify and route to a unit; this acknowledges the tip), reject
 * (closed with a reason the reporter sees), or merge into the case it duplicates.
 */
export function createCaseTriage(cc: CaseContext) {
  const { db } = cc.ctx;
  return {
    async triageCase(staff: StaffPrincipal, caseId: string, decision: TriageDecision): Promise<CaseDetail> {
      checkTriageDecision(decision);
      return db.transaction(async (tx) => {
        await triageWithin(cc, tx, staff, caseId, decision);
        return readCaseDetail(cc, tx, await findCase(tx, caseId));
      });
    },
  };
}

/** The decision's own rules, before any case is read: 422 naming the missing field. */
export function checkTriageDecision(decision: TriageDecision): void {
  if (decision.decision === 'accept' && !decision.classification) {
    throw unprocessable('classification_required', 'Accepting a case needs a classification.', [
      { pointer: '#/classification', detail: 'is required for accept' },
    ]);
  }
  if (decision.decision === 'reject' && !decision.reason?.trim()) {
    throw unprocessable('reason_required', 'Rejecting a case needs a reason.', [
      { pointer: '#/reason', detail: 'is required for reject' },
    ]);
  }
  if (decision.decision === 'merge' && !decision.duplicateOfCaseId) {
    throw unprocessable('duplicate_required', 'Merging needs the case this one duplicates.', [
      { pointer: '#/duplicateOfCaseId', detail: 'is required for merge' },
    ]);
  }
}

/** Triages one case inside the caller's transaction (its transition and audit event with it). */
export async function triageWithin(
  cc: CaseContext,
  tx: Executor,
  staff: StaffPrincipal,
  caseId: string,
  decision: TriageDecision,
): Promise<void> {
  const { clock, audit } = cc.ctx;
  const { settings } = cc;
  const record = await loadVisibleCase(tx, staff, caseId, 'act');
  if (record.state !== 'received') {
    throw conflict('case_already_triaged', `The case is ${record.state}; only received cases are triaged.`);
  }
  const at = clock.now().toISOString();
  const actor = `staff:${staff.id}`;
  const feedbackBy = addDays(at, settings.feedbackDays);
  let details: Record<string, unknown>;
  if (decision.decision === 'accept') {
    const route = routeFor(decision.classification!, record.shopDistrictCode);
    // Routed to a unit: intake's officer (if any) is not the unit's; the unit assigns its own.
    await tx.execute({
      sql: `UPDATE cases SET state = 'triaged', classification = ?, assigned_unit = ?, assigned_district_code = ?,
                assigned_officer_id = NULL, acknowledged_at = ?, feedback_by = ?, updated_at = ? WHERE id = ?`,
      args: [
        decision.classification!,
        route.assignedUnit,
        route.assignedDistrictCode,
        at,
        feedbackBy,
        at,
        caseId,
      ],
    });
    details = {
      classification: decision.classification,
      ...route,
      reason: decision.reason ?? null,
      ...(record.assignedOfficerId && { previousOfficerId: record.assignedOfficerId }),
    };
    await recordTransition(tx, record, 'accept', 'triaged', actor, details, at);
  } else if (decision.decision === 'reject') {
    await tx.execute({
      sql: `UPDATE cases SET state = 'closed', outcome = 'rejected', closing_summary = ?, acknowledged_at = ?,
                feedback_given_at = ?, feedback_by = ?, closed_at = ?, updated_at = ? WHERE id = ?`,
      args: [decision.reason!, at, at, feedbackBy, at, at, caseId],
    });
    details = { reason: decision.reason };
    await recordTransition(tx, record, 'reject', 'closed', actor, details, at);
  } else {
    const target = decision.duplicateOfCaseId!;
    if (target === caseId) throw unprocessable('merge_into_self', 'A case cannot duplicate itself.');
    const exists = await tx.execute({
      sql: `SELECT merged_into FROM cases WHERE id = ?`,
      args: [target],
    });
    if (exists.rows.length === 0 || exists.rows[0]!.merged_into !== null) {
      throw unprocessable(
        'unknown_duplicate',
        'The case to merge into does not exist or was merged itself.',
        [{ pointer: '#/duplicateOfCaseId', detail: 'is not an open or closed original case' }],
      );
    }
    await tx.execute({
      sql: `UPDATE cases SET state = 'closed', outcome = 'duplicate', merged_into = ?, acknowledged_at = ?,
                feedback_given_at = ?, feedback_by = ?, closed_at = ?, updated_at = ? WHERE id = ?`,
      args: [target, at, at, feedbackBy, at, at, caseId],
    });
    details = { duplicateOfCaseId: target, reason: decision.reason ?? null };
    await recordTransition(tx, record, 'merge', 'closed', actor, details, at);
  }
  await audit.appendWithin(tx, {
    actor: staffActor(staff),
    action: `case.triage.${decision.decision}`,
    subject: { type: 'case', id: caseId },
    details,
  });
}
