import { assertAnyRole, type StaffPrincipal } from '../auth/staff-principal.js';
import { PAYOUT_FAILURE_REASONS } from '../payouts/payout-service.js';
import { conflict, forbidden, unprocessable } from '../problem/problem-error.js';
import {
  APPROVER_ROLES,
  claimSubject,
  loadClaim,
  type RewardContext,
  staffActor,
  viewClaim,
} from './reward-context.js';
import type { RewardClaimView } from './reward-views.js';

/**
 * A step of the reward workflow (see reward-service.ts). It checks the caller's role and the
 * claim's state inside its write transaction and commits with its audit event; a refused step
 * writes nothing.
 */
export function createPayoutApprovals(rc: RewardContext) {
  const { ctx, payouts } = rc;
  const { db, clock } = ctx;
  return {
    /**
     * Finance approves the determined amount; the payout module checks the account name and pays
     * (exactly once). A name mismatch refuses the approval and changes nothing. After a failed
     * payout a new approval starts a new payout with a new idempotency key.
     */
    async approve(
      claimId: string,
      staff: StaffPrincipal,
      note?: string,
      options: { resumed?: boolean } = {},
    ): Promise<RewardClaimView> {
      assertAnyRole(staff, APPROVER_ROLES);
      const payoutId = await db.transaction(async (tx) => {
        const claim = await loadClaim(rc, claimId, tx);
        if (claim.state === 'approved') {
          const latest = (await payouts.latestForClaims([claimId])).get(claimId);
          // The retry of this very approval, whose first run committed and died before answering:
          // it tries the payout that run made (same transfer key: never a second transfer) and
          // answers with the claim, as the first run would have.
          if (options.resumed && claim.approvedBy === staff.id && latest && latest.state !== 'failed') {
            return latest.id;
          }
          if (latest?.state !== 'failed') {
            throw conflict('already_approved', 'The payout of this claim has already been approved.');
          }
        } else if (claim.state !== 'determined') {
          throw conflict('invalid_state', 'Only a determined claim can be approved for payout.');
        }
        if (claim.determinedBy === staff.id) {
          throw forbidden(
            'The committee member who determined the amount cannot also approve its payout.',
            'separation_of_duties',
          );
        }
        const payee = await payouts.checkPayee(
          claimId,
          { actor: staffActor(staff), reason: 'payout approval: account name check' },
          tx,
        );
        if (payee !== 'ok') {
          throw unprocessable(
            payee,
            `${PAYOUT_FAILURE_REASONS[payee]} Nothing was approved or paid; the reporter is asked to correct it.`,
          );
        }
        const at = clock.now().toISOString();
        await tx.execute({
          sql: `UPDATE reward_claims SET state = 'approved', approved_by = ?, approved_at = ?, updated_at = ? WHERE id = ?`,
          args: [staff.id, at, at, claimId],
        });
        const id = await payouts.scheduleWithin(tx, claimId, claim.amountFen!);
        await ctx.audit.appendWithin(tx, {
          actor: staffActor(staff),
          action: 'reward.payout_approved',
          subject: claimSubject(claimId),
          details: { caseId: claim.caseId, amountFen: claim.amountFen, payoutId: id, ...(note && { note }) },
        });
        return id;
      });
      // The approval and its pending payout are durable before any money moves: a crash during
      // the transfer leaves a payout that the sweep finishes with the same key, never a second.
      await db.commitSoFar();
      await db.detached(() => payouts.execute(payoutId));
      return viewClaim(rc, await loadClaim(rc, claimId));
    },
  };
}
