import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';
import type { TipViewContributor } from '../tips/tip-view-contributors.js';

export type IdentityAccessNotice = Schema<'IdentityAccessNotice'>;

/**
 * Every opening of the identity behind a tip, or of a sealed original of its case, oldest first,
 * for the reporter's view (getTip).
 */
export async function listIdentityAccessNotices(
  db: Executor,
  tipId: string,
): Promise<IdentityAccessNotice[]> {
  const rows = await db.execute({
    sql: 'SELECT accessed_at, legal_basis, reason, approvals, opened FROM identity_access_notices WHERE tip_id = ? ORDER BY accessed_at, id',
    args: [tipId],
  });
  return rows.rows.map((row) => ({
    accessedAt: String(row.accessed_at),
    legalBasis: String(row.legal_basis),
    reason: String(row.reason),
    approvals: Number(row.approvals),
    opened: row.opened as IdentityAccessNotice['opened'] & string,
  }));
}

/** The reporter learns through getTip each time their identity was opened (EU 2019/1937 Art. 16). */
export const identityAccessNoticesView: TipViewContributor = async (db, tip) => ({
  identityAccessNotices: await listIdentityAccessNotices(db, tip.tipId),
});
