/**
 * FOR THE PAYOUT MODULE ONLY (rewards: account-name check and bank transfer). No other module may
 * import this file: opening the payout envelope is the one path from a reporter account to a real
 * name and bank account, and every opening is written to the audit log first.
 */
import type { AuditActor } from '../audit/audit-log.js';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { notFound } from '../problem/problem-error.js';
import { openPayoutEnvelopeWithKey } from './identity-envelopes.js';
import { payoutKey } from './identity-keys.js';
import type { ReporterIdentity } from './reporter-identity.js';

export interface PayoutEnvelopeAccess {
  /** Who opens it: the finance officer approving, or `{ type: 'system', id: 'payout' }`. */
  actor: AuditActor;
  /** Why, in words for the auditors (no personal data), e.g. `reward payout`. */
  reason: string;
  /**
   * The record the opening serves, e.g. `{ type: 'reward', id }`. The audit event names this,
   * not the reporter account, so the log does not gather one reporter's rewards under one id.
   */
  subject: { type: string; id: string };
}

/**
 * Decrypts a reporter's identity (real name, ID number, phone, bank account) for a payout.
 * The audit event (`identity.payout_envelope_opened`) is appended before the plaintext is
 * returned, inside `tx` when given so it commits with the caller's decision. Keep the result in
 * memory only as long as the transfer needs it; never log or return it to staff.
 */
export async function openPayoutEnvelope(
  ctx: AppContext,
  reporterId: string,
  access: PayoutEnvelopeAccess,
  tx?: Executor,
): Promise<ReporterIdentity> {
  const executor = tx ?? ctx.db;
  const row = (
    await executor.execute({
      sql: 'SELECT identity_version, payout_envelope FROM reporters WHERE id = ?',
      args: [reporterId],
    })
  ).rows[0];
  if (!row) throw notFound('No such reporter account.', 'reporter_not_found');
  const version = Number(row.identity_version);
  const identity = openPayoutEnvelopeWithKey(
    payoutKey(ctx.config),
    reporterId,
    version,
    String(row.payout_envelope),
  );
  const event = {
    actor: access.actor,
    action: 'identity.payout_envelope_opened',
    subject: access.subject,
    // No identity version: equal versions on two claims' events would hint at one reporter.
    details: { reason: access.reason },
  };
  if (tx) await ctx.audit.appendWithin(tx, event);
  else await ctx.audit.append(event);
  return identity;
}
