import { listDigest } from '../audit/list-digest.js';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { loadVisibleCase } from './case-access.js';
import { type CaseContext, staffActor } from './case-context.js';
import { type CaseCounts, countCases } from './case-counts.js';
import { readCaseDetail } from './case-detail.js';
import { type CaseListFilter, readCasePage } from './case-list.js';
import {
  type CaseDetail,
  type CaseRecord,
  type CaseSummary,
  officerNamesOf,
  toCaseSummary,
} from './case-records.js';

/** What staff may see of cases: the queue of their unit, one case, and visibility checks. */
export function createCaseQueries(cc: CaseContext) {
  const { db, clock, audit } = cc.ctx;
  return {
    /** A page of the caller's queue (case-list.ts); the read is audited. */
    async listCases(
      staff: StaffPrincipal,
      filter: CaseListFilter,
    ): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
      const now = clock.now();
      const { page, nextCursor, limit } = await readCasePage(db, staff, filter, now);
      // What was asked and a digest of what was shown, not every id: a read leaves a small trace.
      await audit.append({
        actor: staffActor(staff),
        action: 'case.list',
        details: {
          filter: {
            ...(filter.state && { state: filter.state }),
            ...(filter.overdue !== undefined && { overdue: filter.overdue }),
            ...(filter.districtCode && { districtCode: filter.districtCode }),
            ...(filter.assignedUnit && { assignedUnit: filter.assignedUnit }),
            ...(filter.category && { category: filter.category }),
            ...(filter.classification && { classification: filter.classification }),
            ...(filter.q && { q: filter.q }),
            ...(filter.sort && { sort: filter.sort }),
            ...(filter.officer && { officer: filter.officer }),
            ...(filter.cursor && { cursor: true }),
            limit,
          },
          count: page.length,
          idsDigest: listDigest(page.map((record) => record.id)),
        },
      });
      const officers = await officerNamesOf(db, page);
      return { items: page.map((record) => toCaseSummary(record, now, officers)), nextCursor };
    },

    /** How many cases each queue of the caller holds; counts name no case, so no audit. */
    getCaseCounts(
      staff: StaffPrincipal,
      filter: Pick<CaseListFilter, 'assignedUnit' | 'districtCode'>,
    ): Promise<CaseCounts> {
      return countCases(db, staff, filter, clock.now());
    },

    /** One case, as its unit sees it; the read is audited. */
    async getCase(staff: StaffPrincipal, caseId: string): Promise<CaseDetail> {
      const record = await loadVisibleCase(db, staff, caseId, 'read');
      await audit.append({
        actor: staffActor(staff),
        action: 'case.read',
        subject: { type: 'case', id: caseId },
      });
      return readCaseDetail(cc, db, record);
    },

    /** Throws unless the staff member may read the case; for evidence downloads. */
    async assertReadable(staff: StaffPrincipal, caseId: string): Promise<CaseRecord> {
      return loadVisibleCase(db, staff, caseId, 'read');
    },

    /** Loads a case the staff member may act on, inside a transaction; for messages. */
    loadForAction(tx: Executor, staff: StaffPrincipal, caseId: string): Promise<CaseRecord> {
      return loadVisibleCase(tx, staff, caseId, 'act');
    },
  };
}
