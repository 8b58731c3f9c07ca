import type { Schema } from '@ezhili/contract';
import { createCaseService } from '../cases/case-service.js';
import { checkIntake } from '../cases/intake-rules.js';
import type { ResolvedShop, ShopReference } from '../cases/open-case.js';
import { randomSecret } from '../crypto/hashing.js';
import { createEvidenceAttachment } from '../evidence/evidence-attachment.js';
import type { StoredEvidence } from '../evidence/evidence-service.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { referralCounterStatements } from '../partners/referral-counts.js';
import { hashReceiptSecret } from './tip-access.js';
import { signTipReceipt } from './tip-receipt.js';
import { TIP_SETTINGS } from './tip-settings.js';

export type TipSubmission = Schema<'TipSubmission'>;
export type TipReceipt = Schema<'TipReceipt'>;

const TIP_POINTERS = { category: '#/category', observedAt: '#/observedAt' };

/**
 * Submitting a tip, the one use case for JSON and multipart alike: the intake rules, the case and
 * the tip, the evidence files (stored as they stream in, recorded with the tip, discarded if the
 * tip does not commit), the audit event and the signed receipt.
 */
export function createTipSubmission(ctx: AppContext) {
  const { db, clock, audit } = ctx;
  const settings = ctx.settings.of(TIP_SETTINGS);
  const cases = createCaseService(ctx);
  const attachment = createEvidenceAttachment(ctx);

  const submission = {
    /** The largest request body a tip with files may have. */
    maxBodyBytes: attachment.maxBodyBytes,

    /**
     * Checks a submission (category, time, district) and resolves its shop. A multipart upload
     * runs it as soon as the tip part arrives, so a tip that will fail stops storing files early;
     * `submit` runs it again (the files may have come first).
     */
    async precheck(tip: TipSubmission): Promise<ResolvedShop> {
      checkIntake(tip, { categories: settings.categories, now: clock.now() }, TIP_POINTERS);
      return cases.resolveShop(db, tip.districtCode, tip.shop as ShopReference);
    },

    /**
     * Submits a tip with any evidence files already stored: opens its case, stores the receipt
     * secret's hash and the account link, records the files, audits and signs the receipt, all
     * in one transaction. When it does not commit, the files are discarded.
     */
    async submit(
      tip: TipSubmission,
      options: { reporterId?: string | undefined; files?: StoredEvidence[] } = {},
    ): Promise<TipReceipt> {
      const files = options.files ?? [];
      return attachment.commitWith(files, () => record(tip, options.reporterId, files));
    },

    /**
     * Submits a `multipart/form-data` tip: the tip part is checked as soon as it arrives, then each
     * evidence file is stored as it streams in, then the tip commits with them (or they go).
     */
    async submitMultipart(
      request: Request,
      options: { reporterId?: string | undefined } = {},
    ): Promise<TipReceipt> {
      const { value, files } = await attachment.read<TipSubmission>(request, {
        part: 'tip',
        schema: 'TipSubmission',
        precheck: submission.precheck,
      });
      return submission.submit(value, { ...options, files });
    },
  };

  /** One transaction: the case, the tip, its evidence rows, the audit event and the signed receipt. */
  async function record(
    tip: TipSubmission,
    reporterId: string | undefined,
    files: StoredEvidence[],
  ): Promise<TipReceipt> {
    // Outside the transaction: reference data only, so the write lock is held for less.
    const shop = await submission.precheck(tip);
    const evidence = attachment.summaries(files);
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
            reporterId ?? null,
            tip.insider ? 1 : 0,
            record.receivedAt,
          ],
        },
        ...attachment.rows(files, record.id),
        ...referralCounterStatements(tip.referral, record.receivedAt),
      ]);
      await audit.appendWithin(tx, {
        actor: { type: 'reporter', id: record.identityCode },
        action: 'tip.submitted',
        subject: { type: 'case', id: record.id },
        details: { ...auditEvent.details, evidenceSha256: evidence.map((file) => file.sha256) },
      });
      const receipt = await signTipReceipt(ctx.keys, {
        issuer: ctx.config.publicUrl,
        identityCode: record.identityCode,
        submittedAt: new Date(record.receivedAt),
        description: tip.description,
        evidence: evidence.map(({ sha256, size, contentType }) => ({ sha256, size, contentType })),
      });
      return {
        identityCode: record.identityCode,
        receiptSecret,
        receipt,
        submittedAt: record.receivedAt,
        evidence,
        deadlines: {
          acknowledgeBy: record.acknowledgeBy,
          feedbackBy: record.feedbackBy,
          acknowledgedAt: null,
          feedbackGivenAt: null,
        },
      };
    });
  }

  return submission;
}
