import type { Schema } from '@ezhili/contract';
import { boolOrNull, numberOrNull, textOrNull } from '../db/rows.js';
import type { PayoutSummary } from '../payouts/payout-service.js';
import type { RewardRules } from './reward-profiles.js';

export type RewardClaimView = Schema<'RewardClaim'>;
export type ReporterRewardState = Schema<'ReporterRewardState'>;

/** A `reward_claims` row, typed. */
export interface RewardClaimRecord {
  id: string;
  caseId: string;
  tipId: string;
  identityCode: string;
  profileId: string;
  rules: RewardRules;
  basisFen: number;
  state: 'claimed' | 'proposed' | 'determined' | 'approved';
  noticeAt: string;
  claimDeadline: string;
  claimedAt: string;
  determinationDueAt: string;
  level: number | null;
  internalWhistleblower: boolean | null;
  proposalReasons: string | null;
  proposedBy: string | null;
  proposedAt: string | null;
  ruleAmountFen: number | null;
  minAmountFen: number | null;
  maxAmountFen: number | null;
  amountFen: number | null;
  deviationReason: string | null;
  determinedBy: string | null;
  determinedAt: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
}

export function rowToClaim(row: Record<string, unknown>): RewardClaimRecord {
  return {
    id: String(row.id),
    caseId: String(row.case_id),
    tipId: String(row.tip_id),
    identityCode: String(row.identity_code),
    profileId: String(row.profile_id),
    rules: JSON.parse(String(row.rules)) as RewardRules,
    basisFen: Number(row.basis_fen),
    state: row.state as RewardClaimRecord['state'],
    noticeAt: String(row.notice_at),
    claimDeadline: String(row.claim_deadline),
    claimedAt: String(row.claimed_at),
    determinationDueAt: String(row.determination_due_at),
    level: numberOrNull(row.level),
    internalWhistleblower: boolOrNull(row.internal_whistleblower),
    proposalReasons: textOrNull(row.proposal_reasons),
    proposedBy: textOrNull(row.proposed_by),
    proposedAt: textOrNull(row.proposed_at),
    ruleAmountFen: numberOrNull(row.rule_amount_fen),
    minAmountFen: numberOrNull(row.min_amount_fen),
    maxAmountFen: numberOrNull(row.max_amount_fen),
    amountFen: numberOrNull(row.amount_fen),
    deviationReason: textOrNull(row.deviation_reason),
    determinedBy: textOrNull(row.determined_by),
    determinedAt: textOrNull(row.determined_at),
    approvedBy: textOrNull(row.approved_by),
    approvedAt: textOrNull(row.approved_at),
  };
}

/** The public state of a claim: its own state, or once approved, its payout's. */
export function claimState(
  claim: RewardClaimRecord,
  payout: PayoutSummary | undefined,
): RewardClaimView['state'] {
  if (claim.state !== 'approved') return claim.state;
  if (payout?.state === 'paid') return 'paid';
  if (payout?.state === 'failed') return 'payout_failed';
  return 'payout_pending';
}

/** The determination deadline passes unnoticed only while nobody has determined the amount. */
export function isOverdue(claim: RewardClaimRecord, now: Date): boolean {
  return (
    (claim.state === 'claimed' || claim.state === 'proposed') && now.toISOString() > claim.determinationDueAt
  );
}

/** The staff view: identity code, level, amounts and workflow facts; nothing about the reporter. */
export function toRewardClaimView(
  claim: RewardClaimRecord,
  payout: PayoutSummary | undefined,
  now: Date,
): RewardClaimView {
  return {
    id: claim.id,
    identityCode: claim.identityCode,
    caseId: claim.caseId,
    state: claimState(claim, payout),
    profileId: claim.profileId,
    basisFen: claim.basisFen,
    level: claim.level,
    internalWhistleblower: claim.internalWhistleblower,
    proposalReasons: claim.proposalReasons,
    ruleAmountFen: claim.ruleAmountFen,
    amountBounds:
      claim.minAmountFen === null || claim.maxAmountFen === null
        ? null
        : { minFen: claim.minAmountFen, maxFen: claim.maxAmountFen },
    amountFen: claim.amountFen,
    deviationReason: claim.deviationReason,
    claimedAt: claim.claimedAt,
    determinationDueAt: claim.determinationDueAt,
    overdue: isOverdue(claim, now),
    proposedAt: claim.proposedAt,
    determinedAt: claim.determinedAt,
    approvedAt: claim.approvedAt,
    payout: payout ?? null,
  };
}
