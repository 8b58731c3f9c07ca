import type { Schema } from '@ezhili/contract';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import { loadVisibleCase } from '../cases/case-access.js';
import { staffActor } from '../cases/case-context.js';
import type { CaseViewContributor } from '../cases/case-view.js';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { conflict } from '../problem/problem-error.js';

type LegalHold = Schema<'LegalHold'>;
type LegalHoldRelease = Schema<'LegalHoldRelease'>;

/** The hold of a case, if any. */
export async function findLegalHold(executor: Executor, caseId: string): Promise<LegalHold | null> {
  const row = (await executor.execute({ sql: 'SELECT * FROM legal_holds WHERE case_id = ?', args: [caseId] }))
    .rows[0];
  if (!row) return null;
  return {
    caseId: String(row.case_id),
    reason: String(row.reason),
    placedBy: String(row.placed_by),
    placedAt: String(row.placed_at),
  };
}

/** The ids of the cases on hold, as a subquery, for the deletion queries: `case_id NOT IN (…)`. */
export const HELD_CASE_IDS = 'SELECT case_id FROM legal_holds';

export async function countLegalHolds(executor: Executor): Promise<number> {
  return Number((await executor.execute('SELECT count(*) AS n FROM legal_holds')).rows[0]!.n);
}

/** The hold in the staff view of a case (getCase). */
export const legalHoldView: CaseViewContributor = async (executor, caseId) => ({
  legalHold: await findLegalHold(executor, caseId),
});

/**
 * Legal holds: a held case is left whole by every retention run until the hold is released.
 * Auditors and admins decide (both see every case); each decision and its reason is audited with
 * the case, in the transaction that makes it.
 */
export function createLegalHolds(ctx: AppContext) {
  const { db, clock, audit } = ctx;
  return {
    async place(staff: StaffPrincipal, caseId: string, reason: string): Promise<LegalHold> {
      return db.transaction(async (tx) => {
        await loadVisibleCase(tx, staff, caseId, 'read');
        if (await findLegalHold(tx, caseId)) {
          throw conflict(
            'legal_hold_exists',
            'This case is already on legal hold; release it first to change the reason.',
          );
        }
        const hold: LegalHold = { caseId, reason, placedBy: staff.id, placedAt: clock.now().toISOString() };
        await tx.execute({
          sql: 'INSERT INTO legal_holds (case_id, reason, placed_by, placed_at) VALUES (?, ?, ?, ?)',
          args: [caseId, reason, hold.placedBy, hold.placedAt],
        });
        await audit.appendWithin(tx, {
          actor: staffActor(staff),
          action: 'case.legal_hold_placed',
          subject: { type: 'case', id: caseId },
          details: { reason },
        });
        return hold;
      });
    },

    async release(staff: StaffPrincipal, caseId: string, reason: string): Promise<LegalHoldRelease> {
      return db.transaction(async (tx) => {
        await loadVisibleCase(tx, staff, caseId, 'read');
        const hold = await findLegalHold(tx, caseId);
        if (!hold) throw conflict('no_legal_hold', 'This case is not on legal hold.');
        const released: LegalHoldRelease = {
          caseId,
          reason,
          releasedBy: staff.id,
          releasedAt: clock.now().toISOString(),
        };
        await tx.execute({ sql: 'DELETE FROM legal_holds WHERE case_id = ?', args: [caseId] });
        await audit.appendWithin(tx, {
          actor: staffActor(staff),
          action: 'case.legal_hold_released',
          subject: { type: 'case', id: caseId },
          details: { reason, placedAt: hold.placedAt, placedBy: hold.placedBy },
        });
        return released;
      });
    },
  };
}
