import type { Executor } from '../db/database.js';
import type { CaseContext } from './case-context.js';
import { readTransitions } from './case-history.js';
import { readCaseNotes } from './case-notes.js';
import { type CaseDetail, type CaseRecord, officerNamesOf, toCaseSummary } from './case-records.js';
import { CASE_VIEW } from './case-view.js';

/**
 * The staff view of one case: the summary plus shop, history, notes and evidence, and what other
 * modules contribute (`CASE_VIEW`: the messages, the redactions, the legal hold).
 */
export async function readCaseDetail(
  { ctx, evidence }: CaseContext,
  executor: Executor,
  record: CaseRecord,
): Promise<CaseDetail> {
  // Sequential: an interactive transaction runs one statement at a time anyway.
  const transitions = await readTransitions(executor, record.id);
  const notes = await readCaseNotes(executor, record.id);
  const messages: CaseDetail['messages'] = [];
  const redactions: NonNullable<CaseDetail['redactions']> = [];
  let legalHold: CaseDetail['legalHold'] = null;
  for (const contribute of ctx.extensions.of(CASE_VIEW)) {
    const contributed = await contribute(executor, record.id);
    messages.push(...(contributed.messages ?? []));
    redactions.push(...(contributed.redactions ?? []));
    if (contributed.legalHold) legalHold = contributed.legalHold;
  }
  const files = await evidence.list(executor, record.id);
  return {
    ...toCaseSummary(record, ctx.clock.now(), await officerNamesOf(executor, [record])),
    description: record.description,
    observedAt: record.observedAt,
    shop: {
      shopId: record.shopId,
      platformId: record.shopPlatformId,
      platformShopId: record.shopPlatformShopId,
      name: record.shopName,
      address: record.shopAddress,
      districtCode: record.shopDistrictCode,
    },
    penaltyFen: record.penaltyFen,
    closingSummary: record.closingSummary,
    mergedIntoCaseId: record.mergedInto,
    closedAt: record.closedAt,
    evidence: files,
    transitions,
    notes,
    messages,
    redactions,
    legalHold,
  };
}
