import type { Schema } from '@ezhili/contract';
import { createCaseService } from '../cases/case-service.js';
import { checkIntake } from '../cases/intake-rules.js';
import type { AppContext } from '../http/app-context.js';
import { newOpaqueId } from '../ids/ids.js';
import type { SignedInput } from '../platforms/platform-principal.js';
import { unprocessable } from '../problem/problem-error.js';
import { findShopByPlatformRef } from '../shops/shop-repository.js';
import { TIP_SETTINGS } from '../tips/tip-settings.js';

type Submission = Schema<'PlatformLeadSubmission'>;
type Receipt = Schema<'PlatformLeadReceipt'>;

/**
 * A violation a platform detected becomes a case that enters the intake queue like a tip, routed
 * by the shop's district. The signed body is kept as the platform's attestation.
 */
export async function submitPlatformLead(
  ctx: AppContext,
  platformId: string,
  submission: Submission,
  signed: SignedInput,
): Promise<Receipt> {
  const cases = createCaseService(ctx);
  const { categories } = ctx.settings.of(TIP_SETTINGS);
  const now = ctx.clock.now();
  // Routed like a tip: the same intake rules (categories, no observations from the future).
  checkIntake(
    { category: submission.violationCategory, observedAt: submission.observedAt },
    { categories, now },
    { category: '#/violationCategory', observedAt: '#/observedAt' },
  );
  const id = newOpaqueId('plead');
  return ctx.db.transaction(async (tx) => {
    const listed = await findShopByPlatformRef(tx, platformId, submission.platformShopId);
    const districtCode = submission.districtCode ?? listed?.districtCode;
    if (!districtCode) {
      throw unprocessable(
        'district_required',
        'The shop is not in the registry; name its district so the case can be routed.',
        [{ pointer: '#/districtCode', detail: 'required for a shop the registry does not know' }],
      );
    }
    const record = await cases.createCase(tx, {
      source: 'platform_lead',
      sourceRef: id,
      description: submission.description,
      category: submission.violationCategory,
      districtCode,
      shop: {
        platformId,
        platformShopId: submission.platformShopId,
        ...(submission.shopName !== undefined && { name: submission.shopName }),
        ...(submission.shopAddress !== undefined && { address: submission.shopAddress }),
      },
      observedAt: submission.observedAt ? new Date(submission.observedAt).toISOString() : null,
      actor: `platform:${platformId}`,
      auditActor: { type: 'platform', id: platformId },
    });
    await tx.execute({
      sql: `INSERT INTO platform_submitted_leads (id, platform_id, case_id, platform_shop_id, received_at, attestation, signed_body)
            VALUES (?, ?, ?, ?, ?, ?, ?)`,
      args: [
        id,
        platformId,
        record.id,
        submission.platformShopId,
        now.toISOString(),
        JSON.stringify(signed.attestation),
        signed.body,
      ],
    });
    return { id, receivedAt: now.toISOString(), attestation: signed.attestation };
  });
}
