import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { caseScope, loadVisibleCase } from './case-access.js';
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
      const scope = caseScope(staff, 'read');
      const where = [scope.where];
      const args: (string | number)[] = [...scope.args];
      if (filter.state) where.push('state = ?') && args.push(filter.state);
      if (filter.districtCode) where.push('shop_district_code = ?') && args.push(filter.districtCode);
      if (filter.overdue) {
        const now = clock.now().toISOString();
        where.push(OVERDUE_CONDITION);
        args.push(now, now);
      }
      if (filter.cursor) where.push('id < ?') && args.push(filter.cursor);
      const limit = filter.limit ?? 50;
      const result = await db.execute({
        sql: `SELECT * FROM cases WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
        args: [...args, limit + 1],
      });
      const records = result.rows.map((row) => rowToCase(row as unknown as Record<string, unknown>));
      const page = records.slice(0, limit);
      await audit.append({
        actor: staffActor(staff),
        action: 'case.list',
        details: { count: page.length, caseIds: page.map((record) => record.id) },
      });
      return {
        items: page.map((record) => toCaseSummary(record, clock.now())),
        nextCursor: records.length > limit ? page.at(-1)!.id : null,
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
