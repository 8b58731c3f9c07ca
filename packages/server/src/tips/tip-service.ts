import type { Schema } from '@ezhili/contract';
import { createCaseService } from '../cases/case-service.js';
import type { ResolvedShop, ShopReference } from '../cases/open-case.js';
import { randomSecret } from '../crypto/hashing.js';
import type { Executor, InStatement } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { unprocessable } from '../problem/problem-error.js';
import { createTipAccess, hashReceiptSecret, type TipAccess, type TipCredentials } from './tip-access.js';
import { signTipReceipt } from './tip-receipt.js';
import { TIP_SETTINGS } from './tip-settings.js';
import { TIP_VIEW } from './tip-view-contributors.js';

export type TipSubmission = Schema<'TipSubmission'>;
export type TipReceipt = Schema<'TipReceipt'>;
export type TipView = Schema<'TipView'>;
type EvidenceSummary = Schema<'EvidenceSummary'>;

/** A stored evidence file waiting to be attached to the tip's case in the same transaction. */
export interface EvidenceForTip {
  summary: EvidenceSummary;
  /** The statement that records the file against the case (the evidence module's). */
  insert(caseId: string): InStatement;
}

// A clock a few minutes fast on the reporter's phone is not an error; a date days ahead is.
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

/** Tips: submission (one transaction: case, tip, evidence rows, audit), the reporter's view. */
export function createTipService(ctx: AppContext) {
  const { db, clock, audit } = ctx;
  const settings = ctx.settings.of(TIP_SETTINGS);
  const cases = createCaseService(ctx);
  const access = createTipAccess(ctx, settings);

  const service = {
    settings,

    /**
     * Checks a submission (category, time, district) and resolves its shop. A multipart upload
     * runs it as soon as the tip part arrives, so a tip that will fail stops storing files early;
     * `submit` runs it again (the files may have come first).
     */
    async precheck(tip: TipSubmission): Promise<ResolvedShop> {
      if (!settings.categories.includes(tip.category)) {
        throw unprocessable(
          'unknown_category',
          `Category ${tip.category} is not one this deployment handles.`,
          [{ pointer: '#/category', detail: `must be one of ${settings.categories.join(', ')}` }],
        );
      }
      if (new Date(tip.observedAt).getTime() > clock.now().getTime() + FUTURE_TOLERANCE_MS) {
        throw unprocessable('observed_in_future', 'The time observed lies in the future.', [
          { pointer: '#/observedAt', detail: 'is in the future' },
        ]);
      }
      return cases.resolveShop(db, tip.districtCode, tip.shop as ShopReference);
    },

    /**
     * Submits a tip: opens its case, stores the receipt secret's hash and the account link,
     * attaches the evidence, audits, and signs the receipt, all in one transaction. The
     * caller discards stored evidence files when this throws.
     */
    async submit(
      tip: TipSubmission,
      options: { reporterId?: string; evidence?: EvidenceForTip[] } = {},
    ): Promise<TipReceipt> {
      // Outside the transaction: reference data only, so the write lock is held for less.
      const shop = await service.precheck(tip);
      const evidence = options.evidence ?? [];
      const receiptSecret = randomSecret(32);
      const tipId = newId('tip', clock.now());
      return db.transaction(async (tx) => {
        const { record, statements, auditEvent } = await cases.prepareCase(
          tx,
          {
            source: 'tip',
            sourceRef: tipId,
            description: tip.description,
            category: tip.category,
            districtCode: tip.districtCode,
            shop: tip.shop as ShopReference,
            observedAt: new Date(tip.observedAt).toISOString(),
            actor: 'reporter',
            auditActor: { type: 'reporter' },
          },
          shop,
        );
        // One batch and one audit event: every statement inside an interactive transaction is a
        // round trip under the process-wide write lock.
        await tx.batch([
          ...statements,
          {
            sql: `INSERT INTO tips (id, case_id, receipt_secret_hash, reporter_id, insider, submitted_at)
                  VALUES (?, ?, ?, ?, ?, ?)`,
            args: [
              tipId,
              record.id,
              hashReceiptSecret(receiptSecret),
              options.reporterId ?? null,
              tip.insider ? 1 : 0,
              record.receivedAt,
            ],
          },
          ...evidence.map((file) => file.insert(record.id)),
        ]);
        await audit.appendWithin(tx, {
          actor: { type: 'reporter', id: record.identityCode },
          action: 'tip.submitted',
          subject: { type: 'case', id: record.id },
          details: { ...auditEvent.details, evidenceSha256: evidence.map((file) => file.summary.sha256) },
        });
        const receipt = await signTipReceipt(ctx.keys, {
          issuer: ctx.config.publicUrl,
          identityCode: record.identityCode,
          submittedAt: new Date(record.receivedAt),
          description: tip.description,
          evidence: evidence.map(({ summary }) => ({
            sha256: summary.sha256,
            size: summary.size,
            contentType: summary.contentType,
          })),
        });
        return {
          identityCode: record.identityCode,
          receiptSecret,
          receipt,
          submittedAt: record.receivedAt,
          evidence: evidence.map((file) => file.summary),
          deadlines: {
            acknowledgeBy: record.acknowledgeBy,
            feedbackBy: record.feedbackBy,
            acknowledgedAt: null,
            feedbackGivenAt: null,
          },
        };
      });
    },

    authenticate(credentials: TipCredentials): Promise<TipAccess> {
      return access.authenticate(credentials);
    },

    /**
     * The reporter's view: status and deadlines, and what other modules contribute (`TIP_VIEW`):
     * messages (never notes), reward, identity access notices.
     */
    async view(tip: TipAccess): Promise<TipView> {
      const row = (await db.execute({ sql: 'SELECT * FROM cases WHERE id = ?', args: [tip.caseId] }))
        .rows[0]!;
      const messages: TipView['messages'] = [];
      let reward: TipView['reward'] = null;
      const identityAccessNotices: TipView['identityAccessNotices'] = [];
      for (const contribute of ctx.extensions.of(TIP_VIEW)) {
        const contribution = await contribute(db, tip, ctx);
        messages.push(...(contribution.messages ?? []));
        if (contribution.reward !== undefined) reward = contribution.reward;
        identityAccessNotices.push(...(contribution.identityAccessNotices ?? []));
      }
      return {
        identityCode: tip.identityCode,
        status: row.state as TipView['status'],
        outcome: (row.outcome ?? null) as TipView['outcome'],
        submittedAt: String(row.received_at),
        category: String(row.category),
        districtCode: String(row.district_code),
        deadlines: {
          acknowledgeBy: String(row.acknowledge_by),
          feedbackBy: String(row.feedback_by),
          acknowledgedAt: row.acknowledged_at === null ? null : String(row.acknowledged_at),
          feedbackGivenAt: row.feedback_given_at === null ? null : String(row.feedback_given_at),
        },
        messages,
        reward,
        identityAccessNotices,
      };
    },
  };
  return service;
}

export type TipService = ReturnType<typeof createTipService>;

/**
 * Links an anonymous tip to a reporter account (when the reporter attaches one to claim a
 * reward). Refuses to move a tip that already belongs to another account.
 */
export async function linkTipToReporter(tx: Executor, tipId: string, reporterId: string): Promise<boolean> {
  const result = await tx.execute({
    sql: 'UPDATE tips SET reporter_id = ? WHERE id = ? AND (reporter_id IS NULL OR reporter_id = ?)',
    args: [reporterId, tipId, reporterId],
  });
  return result.rowsAffected === 1;
}
