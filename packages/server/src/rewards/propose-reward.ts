import type { Schema } from '@ezhili/contract';
import { assertAnyRole, type StaffPrincipal } from '../auth/staff-principal.js';
import { conflict, forbidden, unprocessable } from '../problem/problem-error.js';
import { computeRewardAmount } from './reward-amount.js';
import {
  canSeeClaim,
  claimSubject,
  loadClaim,
  PROPOSER_ROLES,
  type RewardContext,
  staffActor,
  viewClaim,
} from './reward-context.js';
import type { RewardClaimView } from './reward-views.js';

export type RewardProposal = Schema<'RewardProposal'>;

/**
 * A step of the reward workflow (see reward-service.ts). It checks the caller's role and the
 * claim's state inside its write transaction and commits with its audit event; a refused step
 * writes nothing.
 */
export function createRewardProposals(rc: RewardContext) {
  const { ctx } = rc;
  const { db, clock } = ctx;
  return {
    /** The case handler proposes a level (and whether the reporter is an insider) with reasons. */
    async propose(
      claimId: string,
      staff: StaffPrincipal,
      proposal: RewardProposal,
    ): Promise<RewardClaimView> {
      assertAnyRole(staff, PROPOSER_ROLES);
      const claim = await loadClaim(rc, claimId);
      if (!(await canSeeClaim(rc, staff, claim.caseId, 'act'))) {
        throw forbidden(
          'Only a handler of the unit that holds the case may propose its reward.',
          'not_case_unit',
        );
      }
      if (!claim.rules.levels.some((level) => level.level === proposal.level)) {
        throw unprocessable('unknown_level', `The rule ${claim.profileId} has no level ${proposal.level}.`);
      }
      const amount = computeRewardAmount(claim.rules, {
        level: proposal.level,
        basisFen: claim.basisFen,
        internalWhistleblower: proposal.internalWhistleblower,
      });
      const at = clock.now().toISOString();
      await db.transaction(async (tx) => {
        const updated = await tx.execute({
          sql: `UPDATE reward_claims SET state = 'proposed', level = ?, internal_whistleblower = ?, proposal_reasons = ?,
                  proposed_by = ?, proposed_at = ?, rule_amount_fen = ?, min_amount_fen = ?, max_amount_fen = ?, updated_at = ?
                WHERE id = ? AND state = 'claimed'`,
          args: [
            proposal.level,
            proposal.internalWhistleblower ? 1 : 0,
            proposal.reasons,
            staff.id,
            at,
            amount.ruleAmountFen,
            amount.bounds.minFen,
            amount.bounds.maxFen,
            at,
            claimId,
          ],
        });
        if (updated.rowsAffected !== 1)
          throw conflict('invalid_state', 'The claim has already been proposed.');
        await ctx.audit.appendWithin(tx, {
          actor: staffActor(staff),
          action: 'reward.proposed',
          subject: claimSubject(claimId),
          details: {
            caseId: claim.caseId,
            level: proposal.level,
            internalWhistleblower: proposal.internalWhistleblower,
            ruleAmountFen: amount.ruleAmountFen,
            bounds: amount.bounds,
          },
        });
      });
      return viewClaim(rc, await loadClaim(rc, claimId));
    },
  };
}
