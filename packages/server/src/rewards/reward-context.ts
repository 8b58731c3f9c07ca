import type { AuditActor } from '../audit/audit-log.js';
import { hasAnyRole, type StaffPrincipal } from '../auth/staff-principal.js';
import { isCaseVisible } from '../cases/case-access.js';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import type { ReporterService } from '../identity/reporter-service.js';
import type { PayoutService } from '../payouts/payout-service.js';
import { notFound } from '../problem/problem-error.js';
import type { RewardRules } from './reward-profiles.js';
import type { RewardSettings } from './reward-settings.js';
import {
  type RewardClaimRecord,
  type RewardClaimView,
  rowToClaim,
  toRewardClaimView,
} from './reward-views.js';
import { workingDayDeadline } from './working-days.js';

/** Roles that see reward claims; handlers only those of their unit's cases. */
export const REWARD_READER_ROLES = [
  'district_handler',
  'detachment_handler',
  'reward_committee',
  'finance',
  'auditor',
  'admin',
] as const;
/** Roles that see every claim, whichever unit holds its case. */
export const SEE_ALL_ROLES = ['reward_committee', 'finance', 'auditor', 'admin'] as const;
/** Who does each step of the workflow. */
export const PROPOSER_ROLES = ['district_handler', 'detachment_handler'] as const;
export const DETERMINER_ROLES = ['reward_committee'] as const;
export const APPROVER_ROLES = ['finance'] as const;

export const staffActor = (staff: StaffPrincipal): AuditActor => ({ type: 'staff', id: staff.id });
export const claimSubject = (id: string) => ({ type: 'reward_claim', id });
export const claimNotFound = () => notFound('No such reward claim.', 'reward_claim_not_found');

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

/** What every reward use case (claim, propose, determine, approve, queries) is built from. */
export interface RewardContext {
  ctx: AppContext;
  settings: RewardSettings;
  payouts: PayoutService;
  reporters: ReporterService;
}

/** The last day to claim: the rule's working days after the case closed, in the deployment's calendar. */
export function claimDeadlineOf({ settings }: RewardContext, closedAt: string, rules: RewardRules): Date {
  return workingDayDeadline(new Date(closedAt), rules.claimWindowWorkingDays, settings.calendar);
}

export async function loadClaim(
  { ctx }: RewardContext,
  claimId: string,
  executor: Executor = ctx.db,
): Promise<RewardClaimRecord> {
  const row = (await executor.execute({ sql: 'SELECT * FROM reward_claims WHERE id = ?', args: [claimId] }))
    .rows[0];
  if (!row) throw claimNotFound();
  return rowToClaim(row);
}

/** The staff view of a claim with its latest payout. */
export async function viewClaim(rc: RewardContext, claim: RewardClaimRecord): Promise<RewardClaimView> {
  const payout = (await rc.payouts.latestForClaims([claim.id])).get(claim.id);
  return toRewardClaimView(claim, payout, rc.ctx.clock.now());
}

/** Whether the staff member may see the claim: handlers of the case's unit, or the roles that see all. */
export async function canSeeClaim(
  { ctx }: RewardContext,
  staff: StaffPrincipal,
  caseId: string,
  purpose: 'read' | 'act',
): Promise<boolean> {
  if (purpose === 'read' && hasAnyRole(staff, SEE_ALL_ROLES)) return true;
  return isCaseVisible(ctx.db, staff, caseId, purpose);
}
