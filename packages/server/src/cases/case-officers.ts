import type { Schema } from '@ezhili/contract';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import { conflict, unprocessable } from '../problem/problem-error.js';
import { findStaffEntry, listActiveStaffEntries } from '../staff/staff-directory.js';
import { type CaseQueueUnit, handledUnits, loadVisibleCase } from './case-access.js';
import { type CaseContext, staffActor } from './case-context.js';
import { readCaseDetail } from './case-detail.js';
import { recordTransition } from './case-history.js';
import { type CaseDetail, type CaseRecord, findCase } from './case-records.js';

export type CaseOfficerAssignment = Schema<'CaseOfficerAssignment'>;
type Officer = Schema<'Officer'>;

const sameUnit = (a: CaseQueueUnit, b: CaseQueueUnit) =>
  a.unit === b.unit && a.districtCode === b.districtCode;
const unitOf = (record: CaseRecord): CaseQueueUnit => ({
  unit: record.assignedUnit,
  districtCode: record.assignedDistrictCode,
});

/** The handling role a unit's officers hold, for the refusal's wording. */
const UNIT_ROLE: Record<CaseQueueUnit['unit'], string> = {
  intake: 'intake',
  district_bureau: 'district_handler',
  enforcement_detachment: 'detachment_handler',
};

/**
 * Officers: the named staff user of the assigned unit who handles a case. Whoever may act on a
 * case may (re-)assign it, to any active staff user who handles the case's unit (the same
 * role → unit mapping as the scopes, `handledUnits`); routing to another unit clears it
 * (triage-case.ts, case-transitions.ts).
 */
export function createCaseOfficers(cc: CaseContext) {
  const { db, clock, audit } = cc.ctx;
  return {
    async assignCaseOfficer(
      staff: StaffPrincipal,
      caseId: string,
      request: CaseOfficerAssignment,
    ): Promise<CaseDetail> {
      return db.transaction(async (tx) => {
        const record = await loadVisibleCase(tx, staff, caseId, 'act');
        if (record.state === 'closed') {
          throw conflict('case_closed', 'A closed case keeps the officer who closed it.');
        }
        const officerId = request.officerId;
        if (officerId === record.assignedOfficerId) {
          throw conflict('officer_unchanged', 'The case is already assigned that way.');
        }
        if (officerId !== null) {
          const officer = await findStaffEntry(tx, officerId);
          if (!officer?.active) {
            throw unprocessable('unknown_officer', 'No active staff user has this id.', [
              { pointer: '#/officerId', detail: 'is not an active staff user' },
            ]);
          }
          const unit = unitOf(record);
          if (!handledUnits(officer).some((handled) => sameUnit(handled, unit))) {
            const where = unit.districtCode ? ` of district ${unit.districtCode}` : '';
            throw unprocessable(
              'officer_not_in_unit',
              `The case is with ${unit.unit}${where}; its officer must hold the ${UNIT_ROLE[unit.unit]} role there.`,
              [{ pointer: '#/officerId', detail: `does not handle ${unit.unit}${where}` }],
            );
          }
        }
        const at = clock.now().toISOString();
        await tx.execute({
          sql: 'UPDATE cases SET assigned_officer_id = ?, updated_at = ? WHERE id = ?',
          args: [officerId, at, caseId],
        });
        const details = { officerId, previousOfficerId: record.assignedOfficerId };
        await recordTransition(
          tx,
          record,
          'assign_officer',
          record.state,
          `staff:${staff.id}`,
          { ...details, ...(request.reason ? { reason: request.reason } : {}) },
          at,
        );
        // Officer ids only: the reason is free text and stays on the case's own timeline.
        await audit.appendWithin(tx, {
          actor: staffActor(staff),
          action: 'case.assign_officer',
          subject: { type: 'case', id: caseId },
          details,
        });
        return readCaseDetail(cc, tx, await findCase(tx, caseId));
      });
    },

    /** The officers of the units the caller handles (admin and auditor: every unit's). */
    async listOfficers(staff: StaffPrincipal): Promise<{ items: Officer[] }> {
      const everyUnit = staff.roles.includes('admin') || staff.roles.includes('auditor');
      const mine = handledUnits(staff);
      const items = (await listActiveStaffEntries(db)).flatMap((entry) =>
        handledUnits(entry)
          .filter((unit) => everyUnit || mine.some((own) => sameUnit(own, unit)))
          .map((unit) => ({ id: entry.id, displayName: entry.displayName, ...unit })),
      );
      const order = (unit: Officer) => `${UNIT_ROLE[unit.unit]}:${unit.districtCode ?? ''}`;
      items.sort((a, b) => order(a).localeCompare(order(b)));
      return { items };
    },
  };
}
