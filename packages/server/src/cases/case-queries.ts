import { listDigest } from '../audit/list-digest.js';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { decodeCursor, encodeCursor } from '../http/list-cursor.js';
import { caseScopeParts, loadVisibleCase } from './case-access.js';
import { type CaseContext, staffActor } from './case-context.js';
import { readCaseDetail } from './case-detail.js';
import {
  type CaseDetail,
  type CaseRecord,
  type CaseState,
  type CaseSummary,
  OVERDUE_CONDITION,
  rowToCase,
  toCaseSummary,
} from './case-records.js';

/** What staff may see of cases: the queue of their unit, one case, and visibility checks. */
export function createCaseQueries(cc: CaseContext) {
  const { db, clock, audit } = cc.ctx;
  return {
    async listCases(
      staff: StaffPrincipal,
      filter: {
        state?: CaseState;
        overdue?: boolean;
        districtCode?: string;
        cursor?: string;
        limit?: number;
      },
    ): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
      const limit = filter.limit ?? 50;
      const parts = caseScopeParts(staff, 'read');
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (filter.state) where.push('state = ?') && args.push(filter.state);
      if (filter.districtCode) where.push('shop_district_code = ?') && args.push(filter.districtCode);
      if (filter.overdue) {
        const now = clock.now().toISOString();
        where.push(OVERDUE_CONDITION);
        args.push(now, now);
      }
      if (filter.cursor)
        where.push('id < ?') && args.push(decodeCursor('cases', filter.cursor, ['string'])[0]);
      // A closed case is never overdue: the answer is known without walking every closed case.
      const empty = parts === null || (filter.overdue && filter.state === 'closed');
      // One index walk per unit the roles reach, merged here: an OR across units would sort.
      const records: CaseRecord[] = [];
      for (const part of empty ? [] : parts.length === 0 ? [{ where: '1', args: [] }] : parts) {
        const result = await db.execute({
          sql: `SELECT * FROM cases WHERE ${[part.where, ...where].join(' AND ')} ORDER BY id DESC LIMIT ?`,
          args: [...part.args, ...args, limit + 1],
        });
        records.push(...result.rows.map((row) => rowToCase(row)));
      }
      records.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      const page = records.slice(0, limit);
      // What was asked and a digest of what was shown, not every id: a read leaves a small trace.
      await audit.append({
        actor: staffActor(staff),
        action: 'case.list',
        details: {
          filter: {
            ...(filter.state && { state: filter.state }),
            ...(filter.overdue !== undefined && { overdue: filter.overdue }),
            ...(filter.districtCode && { districtCode: filter.districtCode }),
            ...(filter.cursor && { cursor: true }),
            limit,
          },
          count: page.length,
          idsDigest: listDigest(page.map((record) => record.id)),
        },
      });
      return {
        items: page.map((record) => toCaseSummary(record, clock.now())),
        nextCursor: records.length > limit ? encodeCursor('cases', [page.at(-1)!.id]) : null,
      };
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
