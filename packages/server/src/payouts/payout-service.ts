import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { crashPoint } from '../http/crash-points.js';
import type { BackgroundTask } from '../http/server-module.js';
import { openPayoutEnvelope } from '../identity/payout-envelope-access.js';
import { newId } from '../ids/ids.js';
import { createFileLedgerAdapter } from './file-ledger-adapter.js';
import { accountNameMatches } from './payee-name.js';
import type { PayoutAdapter, PayoutResult } from './payout-adapter.js';
import { PAYOUT_SETTINGS, type PayoutSettings } from './payout-settings.js';

export type PayoutSummary = Schema<'PayoutSummary'>;
export type PayeeCheck = 'ok' | 'no_account' | 'account_name_mismatch';

const PAYOUT_SYSTEM: AuditActor = { type: 'system', id: 'payout' };

/** Reasons shown to the reporter (and to finance) when a payout fails; never personal data. */
export const PAYOUT_FAILURE_REASONS = {
  no_account: 'No reporter account is attached to this tip.',
  account_name_mismatch: 'The bank account name does not match the real name on the account.',
} as const;

function toSummary(row: Record<string, unknown>): PayoutSummary {
  return {
    id: String(row.id),
    state: row.state as PayoutSummary['state'],
    amountFen: Number(row.amount_fen),
    failureReason: textOrNull(row.failure_reason),
    attempts: Number(row.attempts),
    paidAt: textOrNull(row.paid_at),
  };
}

/**
 * Pays determined rewards exactly once. The state machine lives in the `payouts` table
 * (pending → submitting → paid | failed); the idempotency key is fixed per payout and the adapter
 * dedupes by it, so whichever way a try ends (answer, error, crash after the bank wrote the
 * transfer but before the database did), the next try with the same key finishes the same payout.
 * This module alone opens the payout envelope.
 */
export function createPayoutService(
  ctx: AppContext,
  options: { adapter?: PayoutAdapter; settings?: PayoutSettings } = {},
) {
  const { db, clock, logger } = ctx;
  const settings = options.settings ?? ctx.settings.of(PAYOUT_SETTINGS);
  const adapter = options.adapter ?? createFileLedgerAdapter(settings.ledgerPath, clock);

  async function reporterOfClaim(executor: Executor, claimId: string): Promise<string | null> {
    const row = (
      await executor.execute({
        sql: 'SELECT t.reporter_id FROM reward_claims r JOIN tips t ON t.id = r.tip_id WHERE r.id = ?',
        args: [claimId],
      })
    ).rows[0];
    return textOrNull(row?.reporter_id);
  }

  async function load(payoutId: string, executor: Executor = db) {
    const row = (await executor.execute({ sql: 'SELECT * FROM payouts WHERE id = ?', args: [payoutId] }))
      .rows[0];
    if (!row) throw new Error(`No payout ${payoutId}`);
    return row;
  }

  /** Records the end of a try, if the payout is still being submitted (a racing try may have won). */
  async function finish(payoutId: string, result: PayoutResult): Promise<void> {
    const now = clock.now().toISOString();
    await db.transaction(async (tx) => {
      const updated =
        result.status === 'paid'
          ? await tx.execute({
              sql: `UPDATE payouts SET state = 'paid', transfer_id = ?, paid_at = ?, lease_until = NULL, updated_at = ?
                    WHERE id = ? AND state = 'submitting'`,
              args: [result.transferId, result.at, now, payoutId],
            })
          : await tx.execute({
              sql: `UPDATE payouts SET state = 'failed', failure_reason = ?, lease_until = NULL, updated_at = ?
                    WHERE id = ? AND state = 'submitting'`,
              args: [result.reason, now, payoutId],
            });
      if (updated.rowsAffected !== 1) return;
      const row = await load(payoutId, tx);
      await ctx.audit.appendWithin(tx, {
        actor: PAYOUT_SYSTEM,
        action: result.status === 'paid' ? 'payout.paid' : 'payout.failed',
        subject: { type: 'reward_claim', id: String(row.claim_id) },
        details: {
          payoutId,
          amountFen: Number(row.amount_fen),
          adapter: adapter.name,
          ...(result.status === 'paid' ? { transferId: result.transferId } : { reason: result.reason }),
        },
      });
    });
  }

  const service = {
    adapterName: adapter.name,

    /**
     * Opens the payee's payout envelope (audited, inside `tx` when given) and tells whether it can
     * be paid: an account is attached and its bank account name matches the real name. Returns a
     * verdict only; the identity never leaves this function.
     */
    async checkPayee(
      claimId: string,
      access: { actor: AuditActor; reason: string },
      tx?: Executor,
    ): Promise<PayeeCheck> {
      const reporterId = await reporterOfClaim(tx ?? db, claimId);
      if (!reporterId) return 'no_account';
      const identity = await openPayoutEnvelope(
        ctx,
        reporterId,
        { ...access, subject: { type: 'reward_claim', id: claimId } },
        tx,
      );
      return accountNameMatches(identity.realName, identity.bankAccount.accountName)
        ? 'ok'
        : 'account_name_mismatch';
    },

    /** Creates a pending payout inside the approving transaction; returns its id. */
    async scheduleWithin(tx: Executor, claimId: string, amountFen: number): Promise<string> {
      const at = clock.now();
      const id = newId('pay', at);
      await tx.execute({
        sql: `INSERT INTO payouts (id, claim_id, idempotency_key, payee_ref, amount_fen, state, adapter, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
        args: [
          id,
          claimId,
          `ezhili-payout-${id}`,
          newId('payee', at),
          amountFen,
          adapter.name,
          at.toISOString(),
          at.toISOString(),
        ],
      });
      return id;
    },

    /**
     * One try at a payout: takes the lease (a pending payout, or a submitting one whose lease ran
     * out), opens the envelope, checks the name, transfers with the payout's fixed idempotency
     * key and records the answer. An unknown outcome (the adapter threw) leaves the payout
     * submitting; it is tried again with the same key once the lease runs out.
     */
    async execute(payoutId: string): Promise<PayoutSummary> {
      const now = clock.now();
      const leased = await db.execute({
        sql: `UPDATE payouts SET state = 'submitting', attempts = attempts + 1, lease_until = ?, updated_at = ?
              WHERE id = ? AND (state = 'pending' OR (state = 'submitting' AND lease_until <= ?))`,
        args: [now.getTime() + settings.leaseSeconds * 1000, now.toISOString(), payoutId, now.getTime()],
      });
      if (leased.rowsAffected !== 1) return toSummary(await load(payoutId));
      const row = await load(payoutId);
      const claimId = String(row.claim_id);
      try {
        const reporterId = await reporterOfClaim(db, claimId);
        if (!reporterId) {
          await finish(payoutId, { status: 'failed', reason: PAYOUT_FAILURE_REASONS.no_account });
        } else {
          const identity = await openPayoutEnvelope(ctx, reporterId, {
            actor: PAYOUT_SYSTEM,
            reason: 'reward payout',
            subject: { type: 'reward_claim', id: claimId },
          });
          if (!accountNameMatches(identity.realName, identity.bankAccount.accountName)) {
            await finish(payoutId, {
              status: 'failed',
              reason: PAYOUT_FAILURE_REASONS.account_name_mismatch,
            });
          } else {
            const result = await adapter.transfer({
              idempotencyKey: String(row.idempotency_key),
              amountFen: Number(row.amount_fen),
              currency: 'CNY',
              payeeRef: String(row.payee_ref),
              payee: identity.bankAccount,
            });
            crashPoint('payout.after-transfer');
            await finish(payoutId, result);
          }
        }
      } catch (error) {
        // Outcome unknown: keep the lease and let a later try (same key) settle it.
        logger.warn('payout try did not finish', { module: 'payouts', errorName: (error as Error).name });
      }
      return toSummary(await load(payoutId));
    },

    /** Tries every payout that is due: pending, or submitting with an expired lease (a crashed try). */
    async recover(): Promise<number> {
      const due = await db.execute({
        sql: `SELECT id FROM payouts WHERE state = 'pending' OR (state = 'submitting' AND lease_until <= ?) ORDER BY created_at`,
        args: [clock.now().getTime()],
      });
      for (const row of due.rows) await service.execute(String(row.id));
      return due.rows.length;
    },

    /** The newest payout of each claim, for the claim views. */
    async latestForClaims(claimIds: string[]): Promise<Map<string, PayoutSummary>> {
      const result = new Map<string, PayoutSummary>();
      if (claimIds.length === 0) return result;
      const rows = await db.execute({
        sql: `SELECT * FROM payouts WHERE claim_id IN (${claimIds.map(() => '?').join(',')}) ORDER BY created_at, id`,
        args: claimIds,
      });
      for (const row of rows.rows) result.set(String(row.claim_id), toSummary(row));
      return result;
    },

    /** The sweep that finishes payouts a crash or an unreachable bank left behind. */
    background(): BackgroundTask {
      let running: Promise<unknown> = Promise.resolve();
      const timer = setInterval(() => {
        running = running.then(() =>
          service
            .recover()
            .catch((error: Error) =>
              logger.error('payout sweep failed', { module: 'payouts', errorName: error.name }),
            ),
        );
      }, settings.sweepSeconds * 1000);
      timer.unref();
      return {
        async stop() {
          clearInterval(timer);
          await running;
        },
      };
    },
  };
  return service;
}

export type PayoutService = ReturnType<typeof createPayoutService>;
