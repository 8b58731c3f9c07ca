import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import { caseScope } from '../cases/case-access.js';
import { type CaseForReward, findCaseForReward } from '../cases/case-lookup.js';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { createReporterService } from '../identity/reporter-service.js';
import { newId } from '../ids/ids.js';
import {
  createPayoutService,
  PAYOUT_FAILURE_REASONS,
  type PayoutService,
} from '../payouts/payout-service.js';
import { conflict, forbidden, notFound, ProblemError, unprocessable } from '../problem/problem-error.js';
import { linkTipToReporter } from '../tips/tip-service.js';
import { computeRewardAmount } from './reward-amount.js';
import type { RewardRules } from './reward-profiles.js';
import { loadRewardSettings, type RewardSettings } from './reward-settings.js';
import {
  claimState,
  type ReporterRewardState,
  type RewardClaimRecord,
  type RewardClaimView,
  rowToClaim,
  toRewardClaimView,
} from './reward-views.js';
import { workingDayDeadline } from './working-days.js';

export type RewardProposal = Schema<'RewardProposal'>;
export type RewardDetermination = Schema<'RewardDetermination'>;

/** The tip a reporter proved (identity code + receipt secret, or session). */
export interface ClaimingTip {
  tipId: string;
  caseId: string;
  identityCode: string;
  reporterId: string | null;
}

export interface ClaimOptions {
  /** The account of the reporter session sent with the claim, if any. */
  sessionReporterId?: string | undefined;
  /** Login of the account to attach to an anonymous tip. */
  attachAccount?: { phone: string; passphrase: string } | undefined;
  clientAddress: string;
}

/** Roles that see reward claims; handlers only those of their unit's cases. */
export const REWARD_READER_ROLES = [
  'district_handler',
  'detachment_handler',
  'reward_committee',
  'finance',
  'auditor',
  'admin',
] as const;
const SEE_ALL_ROLES = ['reward_committee', 'finance', 'auditor', 'admin'] as const;

const staffActor = (staff: StaffPrincipal): AuditActor => ({ type: 'staff', id: staff.id });
const claimSubject = (id: string) => ({ type: 'reward_claim', id });
const claimNotFound = () => notFound('No such reward claim.', 'reward_claim_not_found');

/**
 * The reward workflow: claim (reporter) → proposal (case handler) → determination (reward
 * committee) → payout approval (finance) → payout (payout module). Each step checks the claim's
 * state inside its write transaction and commits with its audit event; a refused step writes
 * nothing. Staff only ever see the identity code, level and amounts.
 */
export function createRewardService(
  ctx: AppContext,
  options: { settings?: RewardSettings; payouts?: PayoutService } = {},
) {
  const { db, clock } = ctx;
  const settings = options.settings ?? loadRewardSettings(ctx.config);
  const payouts = options.payouts ?? createPayoutService(ctx);
  const reporters = createReporterService(ctx);

  const claimDeadlineOf = (closedAt: string, rules: RewardRules) =>
    workingDayDeadline(new Date(closedAt), rules.claimWindowWorkingDays, settings.calendar);

  async function loadClaim(claimId: string, executor: Executor = db): Promise<RewardClaimRecord> {
    const row = (await executor.execute({ sql: 'SELECT * FROM reward_claims WHERE id = ?', args: [claimId] }))
      .rows[0];
    if (!row) throw claimNotFound();
    return rowToClaim(row as unknown as Record<string, unknown>);
  }

  async function view(claim: RewardClaimRecord): Promise<RewardClaimView> {
    const payout = (await payouts.latestForClaims([claim.id])).get(claim.id);
    return toRewardClaimView(claim, payout, clock.now());
  }

  /** Whether the staff member may see the claim: handlers of the case's unit, or the roles that see all. */
  async function canSee(staff: StaffPrincipal, caseId: string, purpose: 'read' | 'act'): Promise<boolean> {
    if (purpose === 'read' && SEE_ALL_ROLES.some((role) => staff.roles.includes(role))) return true;
    const scope = caseScope(staff, purpose);
    const row = await db.execute({
      sql: `SELECT 1 FROM cases WHERE id = ? AND ${scope.where}`,
      args: [caseId, ...scope.args],
    });
    return row.rows.length > 0;
  }

  function checkEligible(
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

  const service = {
    settings,

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
      const deadline = claimDeadlineOf(found.closedAt, rules);
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
      return (await service.reporterState({ ...tip, reporterId }))!;
    },

    /** The case handler proposes a level (and whether the reporter is an insider) with reasons. */
    async propose(
      claimId: string,
      staff: StaffPrincipal,
      proposal: RewardProposal,
    ): Promise<RewardClaimView> {
      const claim = await loadClaim(claimId);
      if (!(await canSee(staff, claim.caseId, 'act'))) {
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
      return view(await loadClaim(claimId));
    },

    /** The committee takes the rule's amount, or another within the bounds with a written reason. */
    async determine(
      claimId: string,
      staff: StaffPrincipal,
      body: RewardDetermination,
    ): Promise<RewardClaimView> {
      const claim = await loadClaim(claimId);
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
      return view(await loadClaim(claimId));
    },

    /**
     * Finance approves the determined amount; the payout module checks the account name and pays
     * (exactly once). A name mismatch refuses the approval and changes nothing. After a failed
     * payout a new approval starts a new payout with a new idempotency key.
     */
    async approve(claimId: string, staff: StaffPrincipal, note?: string): Promise<RewardClaimView> {
      const payoutId = await db.transaction(async (tx) => {
        const claim = await loadClaim(claimId, tx);
        if (claim.state === 'approved') {
          const latest = (await payouts.latestForClaims([claimId])).get(claimId);
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
      await payouts.execute(payoutId);
      return view(await loadClaim(claimId));
    },

    async get(claimId: string, staff: StaffPrincipal): Promise<RewardClaimView> {
      const claim = await loadClaim(claimId);
      if (!(await canSee(staff, claim.caseId, 'read'))) throw claimNotFound();
      return view(claim);
    },

    /** Claims the staff member may see, newest first; `overdue` = past the determination deadline. */
    async list(
      staff: StaffPrincipal,
      filter: { state?: RewardClaimView['state']; overdue?: boolean; limit?: number },
    ): Promise<RewardClaimView[]> {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (!SEE_ALL_ROLES.some((role) => staff.roles.includes(role))) {
        const scope = caseScope(staff, 'read');
        where.push(scope.where);
        args.push(...scope.args);
      }
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
      const rows = await db.execute({
        sql: `SELECT r.* FROM reward_claims r JOIN cases ON cases.id = r.case_id
              ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.claimed_at DESC, r.id DESC LIMIT ?`,
        args: [...args, derived ? 500 : limit],
      });
      const claims = rows.rows.map((row) => rowToClaim(row as unknown as Record<string, unknown>));
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
    async reporterState(tip: ClaimingTip): Promise<ReporterRewardState | null> {
      const row = (
        await db.execute({ sql: 'SELECT * FROM reward_claims WHERE tip_id = ?', args: [tip.tipId] })
      ).rows[0];
      const now = clock.now();
      if (!row) {
        const found = await findCaseForReward(db, tip.caseId);
        if (found?.state !== 'closed' || !found.closedAt) return null;
        if (!found.outcome || !settings.rules.eligibility.outcomes.includes(found.outcome)) return null;
        const deadline = claimDeadlineOf(found.closedAt, settings.rules);
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
      const claim = rowToClaim(row as unknown as Record<string, unknown>);
      const payout = (await payouts.latestForClaims([claim.id])).get(claim.id);
      const state = claimState(claim, payout);
      const decided = claim.state === 'determined' || claim.state === 'approved';
      let actionRequired: ReporterRewardState['actionRequired'] = null;
      if (
        payout?.state === 'failed' &&
        payout.failureReason === PAYOUT_FAILURE_REASONS.account_name_mismatch
      ) {
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
    },
  };
  return service;
}

export type RewardService = ReturnType<typeof createRewardService>;
