import type { AuditEventInput } from '../audit/audit-log.js';
import type { Executor, InStatement } from '../db/database.js';
import { districtExists } from '../districts/district-service.js';
import { newId } from '../ids/ids.js';
import { unprocessable } from '../problem/problem-error.js';
import { findShopByPlatformRef } from '../shops/shop-repository.js';
import type { CaseContext } from './case-context.js';
import { transitionStatement } from './case-history.js';
import { addDays, type CaseRecord } from './case-records.js';
import { generateIdentityCode } from './identity-code.js';

/** The shop as a tip or lead names it: a platform listing, or a name and address. */
export interface ShopReference {
  platformId?: string;
  platformShopId?: string;
  name?: string;
  address?: string;
}

/** The shop of a new case after the registry lookup; `districtCode` is the one routing uses. */
export interface ResolvedShop {
  shopId: string | null;
  platformId: string | null;
  platformShopId: string | null;
  name: string | null;
  address: string | null;
  districtCode: string;
}

/** What opens a case (a tip, a platform lead). */
export interface NewCase {
  source: 'tip' | 'platform_lead';
  /** The tip id or lead id that opened the case. */
  sourceRef: string;
  description: string;
  category: string;
  /** The district the source names; routing uses the registry shop's district when it has one. */
  districtCode: string;
  shop: ShopReference;
  observedAt: string | null;
  /** Who opened it, for the transition record: `reporter`, `platform:<id>`, `system`. */
  actor: string;
  /** Audit actor; for reporters the identity code is filled in here. */
  auditActor: { type: 'reporter' | 'platform' | 'system'; id?: string };
}

/** Opening a case: the shop resolved against the registry, a fresh identity code, the deadlines. */
export function createCaseOpening({ ctx, settings }: CaseContext) {
  const { clock, audit } = ctx;
  const opening = {
    /**
     * Checks what a new case names before anything is stored (district known, shop resolvable)
     * and resolves the shop against the registry. Safe to call outside a transaction.
     */
    async resolveShop(executor: Executor, districtCode: string, shop: ShopReference): Promise<ResolvedShop> {
      if (!(await districtExists(executor, districtCode))) {
        throw unprocessable(
          'unknown_district',
          `District ${districtCode} is not served by this deployment.`,
          [{ pointer: '#/districtCode', detail: 'is not a known district' }],
        );
      }
      const listed =
        shop.platformId && shop.platformShopId
          ? await findShopByPlatformRef(executor, shop.platformId, shop.platformShopId)
          : undefined;
      return {
        shopId: listed?.id ?? null,
        platformId: shop.platformId ?? null,
        platformShopId: shop.platformShopId ?? null,
        name: shop.name ?? listed?.name ?? null,
        address: shop.address ?? listed?.address ?? null,
        // The shop's own district decides routing (territorial principle); the reporter's
        // district stands in for shops the registry does not know.
        districtCode: listed?.districtCode ?? districtCode,
      };
    },

    /**
     * Prepares a case without writing it: a fresh identity code, the row, its `received`
     * transition and the audit event, for a caller that commits them in one batch with rows of
     * its own (a tip and its evidence). `shop` may carry the result of `resolveShop` already.
     */
    async prepareCase(
      tx: Executor,
      input: NewCase,
      resolved?: ResolvedShop,
    ): Promise<{ record: CaseRecord; statements: InStatement[]; auditEvent: AuditEventInput }> {
      const shop = resolved ?? (await opening.resolveShop(tx, input.districtCode, input.shop));
      let identityCode = generateIdentityCode(settings.identityCodePrefix);
      for (let attempt = 0; attempt < 5; attempt++) {
        const taken = await tx.execute({
          sql: 'SELECT 1 FROM cases WHERE identity_code = ?',
          args: [identityCode],
        });
        if (taken.rows.length === 0) break;
        identityCode = generateIdentityCode(settings.identityCodePrefix);
      }
      const now = clock.now();
      const at = now.toISOString();
      const acknowledgeBy = addDays(at, settings.acknowledgeDays);
      const record: CaseRecord = {
        id: newId('case', now),
        identityCode,
        source: input.source,
        sourceRef: input.sourceRef,
        description: input.description,
        category: input.category,
        districtCode: input.districtCode,
        shopId: shop.shopId,
        shopPlatformId: shop.platformId,
        shopPlatformShopId: shop.platformShopId,
        shopName: shop.name,
        shopAddress: shop.address,
        shopDistrictCode: shop.districtCode,
        observedAt: input.observedAt,
        receivedAt: at,
        state: 'received',
        classification: null,
        assignedUnit: 'intake',
        assignedDistrictCode: null,
        assignedOfficerId: null,
        outcome: null,
        penaltyFen: null,
        closingSummary: null,
        mergedInto: null,
        acknowledgeBy,
        // Art. 9(1)(f): three months from acknowledgement or, without one, from the end of the
        // seven days after submission; moved when the case is acknowledged.
        feedbackBy: addDays(acknowledgeBy, settings.feedbackDays),
        acknowledgedAt: null,
        feedbackGivenAt: null,
        closedAt: null,
        updatedAt: at,
      };
      const insert: InStatement = {
        sql: `INSERT INTO cases (id, identity_code, source, source_ref, description, category, district_code,
                shop_id, shop_platform_id, shop_platform_shop_id, shop_name, shop_address, shop_district_code,
                observed_at, received_at, state, assigned_unit, acknowledge_by, feedback_by, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', 'intake', ?, ?, ?)`,
        args: [
          record.id,
          identityCode,
          input.source,
          input.sourceRef,
          input.description,
          input.category,
          input.districtCode,
          shop.shopId,
          shop.platformId,
          shop.platformShopId,
          shop.name,
          shop.address,
          shop.districtCode,
          input.observedAt,
          at,
          record.acknowledgeBy,
          record.feedbackBy,
          at,
        ],
      };
      return {
        record,
        statements: [
          insert,
          transitionStatement(record, 'received', 'received', input.actor, { source: input.source }, at),
        ],
        auditEvent: {
          actor: { type: input.auditActor.type, id: input.auditActor.id ?? identityCode },
          action: 'case.opened',
          subject: { type: 'case', id: record.id },
          details: { source: input.source, category: input.category, districtCode: input.districtCode },
        },
      };
    },

    /**
     * Opens a case inside the caller's transaction: a fresh identity code, the `received`
     * transition, deadlines, and the audit event. For tips and for platform-submitted leads
     * ("routed like a tip": it enters the intake queue).
     */
    async createCase(tx: Executor, input: NewCase): Promise<CaseRecord> {
      const prepared = await opening.prepareCase(tx, input);
      await tx.batch(prepared.statements);
      await audit.appendWithin(tx, prepared.auditEvent);
      return prepared.record;
    },
  };
  return opening;
}
