import type { Schema } from '@ezhili/contract';
import { type CaseForReward, findCaseForReward } from '../cases/case-lookup.js';
import { newId } from '../ids/ids.js';
import { conflict, notFound, unprocessable } from '../problem/problem-error.js';
import { linkTipToReporter } from '../tips/tip-service.js';
import {
  type ClaimingTip,
  type ClaimOptions,
  claimDeadlineOf,
  claimSubject,
  type RewardContext,
} from './reward-context.js';
import type { RewardRules } from './reward-profiles.js';
import { reporterRewardState } from './reward-queries.js';
import { workingDayDeadline } from './working-days.js';

type ReporterRewardState = Schema<'ReporterRewardState'>;

/** Refuses a claim on a case that is not closed with an outcome the rule rewards. */
export function checkEligible(
  found: CaseForReward | undefined,
  rules: RewardRules,
): asserts found is CaseForReward & { closedAt: string } {
  if (!found) throw notFound('No such case.', 'case_not_found');
  if (found.state !== 'closed' || !found.closedAt) {
    throw conflict('case_not_closed', 'A reward can be claimed only once the case is closed.');
  }
  if (!found.outcome || !rules.eligibility.outcomes.includes(found.outcome)) {
    throw unprocessable(
      'not_eligible',
      'The case did not close with an outcome that the reward rule rewards.',
    );
  }
}

/** The reporter's step: claiming the reward of their own tip. */
export function createRewardClaims(rc: RewardContext) {
  const { ctx, settings, reporters } = rc;
  const { db, clock } = ctx;
  return {
    /**
     * The reporter claims the reward of their tip. An anonymous tip is linked to the account of
     * the session sent with the claim or of `attachAccount` (checked like a login), in the same
     * transaction as the claim.
     */
    async claim(tip: ClaimingTip, options: ClaimOptions): Promise<ReporterRewardState> {
      const rules = settings.rules;
      const found = await findCaseForReward(db, tip.caseId);
      checkEligible(found, rules);
      const now = clock.now();
      const deadline = claimDeadlineOf(rc, found.closedAt, rules);
      if (now > deadline) {
        throw unprocessable(
          'claim_window_closed',
          `The claim window (${rules.claimWindowWorkingDays} working days after the case closed) ended at ${deadline.toISOString()}.`,
        );
      }
      let reporterId = tip.reporterId;
      let attach = false;
      if (reporterId === null) {
        if (options.sessionReporterId) reporterId = options.sessionReporterId;
        else if (options.attachAccount) {
          // Checked before the write transaction: the passphrase hash is slow by design.
          reporterId = await reporters.verifyCredentials(
            options.attachAccount.phone,
            options.attachAccount.passphrase,
            options.clientAddress,
          );
        } else {
          throw unprocessable(
            'account_required',
            'This tip was anonymous: attach a reporter account (log in, or send attachAccount) so the reward can be paid.',
          );
        }
        attach = true;
      } else if (options.attachAccount) {
        throw conflict(
          'account_already_attached',
          'This tip already belongs to a reporter account; claim without attachAccount.',
        );
      }
      const at = now.toISOString();
      const id = newId('rwc', now);
      await db.transaction(async (tx) => {
        const existing = await tx.execute({
          sql: 'SELECT 1 FROM reward_claims WHERE case_id = ?',
          args: [tip.caseId],
        });
        if (existing.rows.length > 0)
          throw conflict('already_claimed', 'The reward for this tip has already been claimed.');
        if (attach && !(await linkTipToReporter(tx, tip.tipId, reporterId!))) {
          throw conflict('account_already_attached', 'This tip already belongs to another reporter account.');
        }
        await tx.execute({
          sql: `INSERT INTO reward_claims (id, case_id, tip_id, identity_code, profile_id, rules, basis_fen, state, notice_at,
                  claim_deadline, claimed_at, determination_due_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'claimed', ?, ?, ?, ?, ?)`,
          args: [
            id,
            tip.caseId,
            tip.tipId,
            tip.identityCode,
            rules.id,
            JSON.stringify(rules),
            found.penaltyFen ?? 0,
            found.closedAt,
            deadline.toISOString(),
            at,
            workingDayDeadline(now, rules.determinationWorkingDays, settings.calendar).toISOString(),
            at,
          ],
        });
        await ctx.audit.appendWithin(tx, {
          // The identity code stands in for the reporter, as everywhere in the log.
          actor: { type: 'reporter', id: tip.identityCode },
          action: 'reward.claimed',
          subject: claimSubject(id),
          details: { caseId: tip.caseId, profileId: rules.id, accountAttached: attach },
        });
      });
      return (await reporterRewardState(rc, { ...tip, reporterId }))!;
    },
  };
}
