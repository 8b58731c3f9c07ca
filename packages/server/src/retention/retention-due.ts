import { casesClosedBefore, countCases, identityCodesOf } from '../cases/case-retention.js';
import type { Executor } from '../db/database.js';
import type { IdSet } from '../db/id-set.js';
import { countEvidence, countEvidenceOriginals } from '../evidence/evidence-retention.js';
import type { AppContext } from '../http/app-context.js';
import { reportersUnchangedSince } from '../identity/reporter-retention.js';
import { countMessages } from '../messages/message-retention.js';
import { paidClaims } from '../payouts/payout-retention.js';
import { tipsWithUnsettledRewards } from '../rewards/reward-retention.js';
import { reportersDue } from '../tips/tip-retention.js';
import { HELD_CASE_IDS } from './legal-holds.js';
import {
  RETENTION_CATEGORIES,
  type RetentionCategory,
  type RetentionSettings,
} from './retention-settings.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The cases on legal hold: left out of every set below. */
export const HELD_CASES: IdSet = { sql: HELD_CASE_IDS, args: [] };

/**
 * What is due for deletion at `now` under the settings: the cases whose data of a category has
 * been kept long enough (closed more than that category's period ago, not on hold), the reporter
 * accounts whose identity may go, and the time before which audit events lose their content.
 */
export function dueAt(settings: RetentionSettings, now: Date) {
  const cutoff = (category: RetentionCategory) => new Date(now.getTime() - settings.days[category] * DAY_MS);
  const cases = (category: Exclude<RetentionCategory, 'identities' | 'audit_events'>) =>
    casesClosedBefore(cutoff(category), HELD_CASES);
  return {
    cutoff,
    cases,
    /**
     * Accounts whose every tip's case is past the identities period and not held, with no reward
     * left to pay; and accounts that never filed a tip, unchanged for that period.
     */
    reporters: reportersDue(
      casesClosedBefore(cutoff('identities'), HELD_CASES),
      tipsWithUnsettledRewards(paidClaims()),
      reportersUnchangedSince(cutoff('identities')),
    ),
    auditBeforeMs: cutoff('audit_events').getTime(),
    /** Audit events about a held case (by its id or its identity code) keep their content. */
    auditKept: {
      sql: `${HELD_CASE_IDS} UNION ${identityCodesOf(HELD_CASES).sql}`,
      args: identityCodesOf(HELD_CASES).args,
    } satisfies IdSet,
  };
}

export type Due = ReturnType<typeof dueAt>;

/** How many records of each category a run at `now` would delete. */
export async function countDue(
  ctx: AppContext,
  executor: Executor,
  settings: RetentionSettings,
  now: Date,
): Promise<Record<RetentionCategory, number>> {
  const due = dueAt(settings, now);
  const counts = {} as Record<RetentionCategory, number>;
  for (const category of RETENTION_CATEGORIES) {
    counts[category] = await countCategory(ctx, executor, due, category);
  }
  return counts;
}

async function countCategory(
  ctx: AppContext,
  executor: Executor,
  due: Due,
  category: RetentionCategory,
): Promise<number> {
  switch (category) {
    case 'evidence_originals':
      return countEvidenceOriginals(executor, due.cases(category));
    case 'evidence_copies':
      return countEvidence(executor, due.cases(category));
    case 'messages':
      return countMessages(executor, due.cases(category));
    case 'closed_cases':
      return countCases(executor, due.cases(category));
    case 'identities': {
      const row = (
        await executor.execute({
          sql: `SELECT count(*) AS n FROM (${due.reporters.sql})`,
          args: due.reporters.args,
        })
      ).rows[0]!;
      return Number(row.n);
    }
    case 'audit_events':
      return ctx.audit.countExpired(executor, due.auditBeforeMs, due.auditKept);
  }
}
