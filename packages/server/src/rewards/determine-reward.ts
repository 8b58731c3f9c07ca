import type { Schema } from '@ezhili/contract';
import { assertAnyRole, type StaffPrincipal } from '../auth/staff-principal.js';
import { conflict, ProblemError, unprocessable } from '../problem/problem-error.js';
import {
  claimSubject,
  DETERMINER_ROLES,
  loadClaim,
  type RewardContext,
  staffActor,
  viewClaim,
} from './reward-context.js';
import { claimState, type RewardClaimView } from './reward-views.js';

export type RewardDetermination = Schema<'RewardDetermination'>;

/**
 * A step of the reward workflow (see reward-service.ts). It checks the caller's role and the
 * claim's state inside its write transaction and commits with its audit event; a refused step
 * writes nothing.
 */
export function createRewardDeterminations(rc: RewardContext) {
  const { ctx } = rc;
  const { db, clock } = ctx;
  return {
    /** The committee takes the rule's amount, or another within the bounds with a written reason. */
    async determine(
      claimId: string,
      staff: StaffPrincipal,
      body: RewardDetermination,
    ): Promise<RewardClaimView> {
      assertAnyRole(staff, DETERMINER_ROLES);
      const claim = await loadClaim(rc, claimId);
      if (claim.state !== 'proposed') {
        throw conflict(
          'invalid_state',
          `The claim is ${claimState(claim, undefined)}; only a proposed claim can be determined.`,
        );
      }
      const ruleAmount = claim.ruleAmountFen!;
      const amountFen = body.amountFen ?? ruleAmount;
      if (amountFen < claim.minAmountFen! || amountFen > claim.maxAmountFen!) {
        throw new ProblemError(422, {
          code: 'amount_outside_rule',
          detail: `The amount must lie between ${claim.minAmountFen} and ${claim.maxAmountFen} fen under the rule.`,
          extensions: { minFen: claim.minAmountFen, maxFen: claim.maxAmountFen },
        });
      }
      if (amountFen !== ruleAmount && !body.reason) {
        throw unprocessable(
          'reason_required',
          'An amount other than the rule amount needs a written reason.',
        );
      }
      const at = clock.now().toISOString();
      await db.transaction(async (tx) => {
        const updated = await tx.execute({
          sql: `UPDATE reward_claims SET state = 'determined', amount_fen = ?, deviation_reason = ?, determined_by = ?,
                  determined_at = ?, updated_at = ?
                WHERE id = ? AND state = 'proposed'`,
          args: [amountFen, body.reason ?? null, staff.id, at, at, claimId],
        });
        if (updated.rowsAffected !== 1)
          throw conflict('invalid_state', 'The claim has already been determined.');
        await ctx.audit.appendWithin(tx, {
          actor: staffActor(staff),
          action: 'reward.determined',
          subject: claimSubject(claimId),
          details: {
            caseId: claim.caseId,
            level: claim.level,
            amountFen,
            ruleAmountFen: ruleAmount,
            ...(body.reason !== undefined && { reason: body.reason }),
          },
        });
      });
      return viewClaim(rc, await loadClaim(rc, claimId));
    },
  };
}
