import type { StaffPrincipal } from '../auth/staff-principal.js';
import { assertAnyRole, hasAnyRole } from '../auth/staff-principal.js';
import { visibleCasesJoin } from '../cases/case-access.js';
import { findCaseForReward } from '../cases/case-lookup.js';
import { PAYOUT_FAILURE_REASONS } from '../payouts/payout-service.js';
import {
  type ClaimingTip,
  canSeeClaim,
  claimDeadlineOf,
  claimNotFound,
  loadClaim,
  REWARD_READER_ROLES,
  type RewardContext,
  SEE_ALL_ROLES,
  viewClaim,
} from './reward-context.js';
import {
  claimState,
  type ReporterRewardState,
  type RewardClaimView,
  rowToClaim,
  toRewardClaimView,
} from './reward-views.js';

/** What staff see of reward claims: one claim, or the list of those they may see. */
export function createRewardQueries(rc: RewardContext) {
  const { ctx, payouts } = rc;
  const { db, clock } = ctx;
  return {
    async get(claimId: string, staff: StaffPrincipal): Promise<RewardClaimView> {
      assertAnyRole(staff, REWARD_READER_ROLES);
      const claim = await loadClaim(rc, claimId);
      if (!(await canSeeClaim(rc, staff, claim.caseId, 'read'))) throw claimNotFound();
      return viewClaim(rc, claim);
    },

    /** Claims the staff member may see, newest first; `overdue` = past the determination deadline. */
    async list(
      staff: StaffPrincipal,
      filter: { state?: RewardClaimView['state']; overdue?: boolean; limit?: number },
    ): Promise<RewardClaimView[]> {
      assertAnyRole(staff, REWARD_READER_ROLES);
      const where: string[] = [];
      const args: (string | number)[] = [];
      const join = hasAnyRole(staff, SEE_ALL_ROLES)
        ? { sql: '', args: [] }
        : visibleCasesJoin(staff, 'read', 'r.case_id');
      args.push(...join.args);
      const now = clock.now();
      if (filter.overdue) {
        where.push(`r.state IN ('claimed', 'proposed') AND r.determination_due_at < ?`);
        args.push(now.toISOString());
      }
      // `payout_pending`, `paid` and `payout_failed` are approved claims told apart by their payout.
      const derived =
        filter.state === 'payout_pending' || filter.state === 'paid' || filter.state === 'payout_failed';
      if (filter.state) {
        where.push('r.state = ?');
        args.push(derived ? 'approved' : filter.state);
      }
      const limit = Math.min(filter.limit ?? 50, 500);
      // Only claims still being decided can be overdue.
      if (filter.overdue && filter.state && filter.state !== 'claimed' && filter.state !== 'proposed')
        return [];
      const rows = await db.execute({
        // Overdue claims are open ones: walk the small index of open claims in list order (the
        // planner, without statistics, would rather sort every open claim of the state index).
        sql: `SELECT r.* FROM reward_claims r ${filter.overdue ? 'INDEXED BY reward_claims_open_claimed' : ''} ${join.sql}
              ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.claimed_at DESC, r.id DESC LIMIT ?`,
        args: [...args, derived ? 500 : limit],
      });
      const claims = rows.rows.map((row) => rowToClaim(row));
      const latest = await payouts.latestForClaims(claims.map((claim) => claim.id));
      return claims
        .map((claim) => toRewardClaimView(claim, latest.get(claim.id), now))
        .filter((claim) => !filter.state || claim.state === filter.state)
        .slice(0, limit);
    },

    /**
     * The reporter's view of the reward of their tip (for getTip), or null while the case has not
     * closed with a rewardable outcome.
     */
    reporterState: (tip: ClaimingTip) => reporterRewardState(rc, tip),
  };
}

/**
 * The reporter's view of the reward of their tip (for getTip), or null while the case has not
 * closed with a rewardable outcome.
 */
export async function reporterRewardState(
  rc: RewardContext,
  tip: ClaimingTip,
): Promise<ReporterRewardState | null> {
  const { ctx, settings, payouts } = rc;
  const { db, clock } = ctx;
  const row = (await db.execute({ sql: 'SELECT * FROM reward_claims WHERE tip_id = ?', args: [tip.tipId] }))
    .rows[0];
  const now = clock.now();
  if (!row) {
    const found = await findCaseForReward(db, tip.caseId);
    if (found?.state !== 'closed' || !found.closedAt) return null;
    if (!found.outcome || !settings.rules.eligibility.outcomes.includes(found.outcome)) return null;
    const deadline = claimDeadlineOf(rc, found.closedAt, settings.rules);
    const open = now <= deadline;
    return {
      status: open ? 'claimable' : 'claim_expired',
      claimDeadline: deadline.toISOString(),
      claimedAt: null,
      level: null,
      amountFen: null,
      payoutFailureReason: null,
      actionRequired: open && tip.reporterId === null ? 'attach_account' : null,
      paidAt: null,
    };
  }
  const claim = rowToClaim(row);
  const payout = (await payouts.latestForClaims([claim.id])).get(claim.id);
  const state = claimState(claim, payout);
  const decided = claim.state === 'determined' || claim.state === 'approved';
  let actionRequired: ReporterRewardState['actionRequired'] = null;
  if (payout?.state === 'failed' && payout.failureReason === PAYOUT_FAILURE_REASONS.account_name_mismatch) {
    actionRequired = 'fix_account_name';
  } else if (claim.state === 'determined') {
    // Tell the reporter before finance is refused: their own envelope, opened for their own view.
    const check = await payouts.checkPayee(claim.id, {
      actor: { type: 'reporter', id: claim.identityCode },
      reason: "account name check for the reporter's own reward view",
    });
    if (check === 'account_name_mismatch') actionRequired = 'fix_account_name';
  }
  return {
    status: state,
    claimDeadline: claim.claimDeadline,
    claimedAt: claim.claimedAt,
    level: decided ? claim.level : null,
    amountFen: decided ? claim.amountFen : null,
    payoutFailureReason: payout?.state === 'failed' ? payout.failureReason : null,
    actionRequired,
    paidAt: payout?.paidAt ?? null,
  };
}
