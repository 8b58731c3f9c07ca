import type { Schema } from '@ezhili/contract';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { decodeSeqCursor, encodeSeqCursor } from '../http/list-cursor.js';
import { newOpaqueId } from '../ids/ids.js';
import type { SignedInput } from '../platforms/platform-principal.js';
import { findPlatform } from '../platforms/platform-service.js';
import { enqueueWebhook } from '../platforms/webhook-outbox.js';
import { conflict, forbidden, notFound } from '../problem/problem-error.js';
import { getShop } from '../shops/shop-repository.js';
import { isShopInScope, shopScope } from '../shops/shop-scope.js';

export type RelistingRequest = Schema<'RelistingRequest'>;
type RelistingStatus = Schema<'RelistingStatus'>;
type ShopRelistingStatus = Schema<'ShopRelistingStatus'>;

function rowToRequest(row: Record<string, unknown>): RelistingRequest {
  const status = row.status as RelistingStatus;
  return {
    id: String(row.id),
    platformId: String(row.platform_id),
    shopId: String(row.shop_id),
    status,
    review: JSON.parse(String(row.review)) as RelistingRequest['review'],
    submittedAt: String(row.submitted_at),
    attestation: JSON.parse(String(row.attestation)) as RelistingRequest['attestation'],
    decision:
      status === 'pending'
        ? null
        : { outcome: status, reasons: String(row.decision_reasons), decidedAt: String(row.decided_at) },
  };
}

async function openTakedown(db: Executor, shopId: string) {
  return (
    await db.execute({
      sql: 'SELECT id, taken_down_at FROM shop_takedowns WHERE shop_id = ? AND cleared_at IS NULL',
      args: [shopId],
    })
  ).rows[0];
}

/** Who reads: a platform (its own shops only) or a staff member (shops within their reach). */
export type RelistingReader = { platformId: string } | { staff: StaffPrincipal };

function canRead(reader: RelistingReader | undefined, platformId: string | null, district: string | null) {
  if (reader === undefined) return true;
  if ('platformId' in reader) return platformId === reader.platformId;
  return isShopInScope(reader.staff, district);
}

/**
 * Relisting: a shop taken down after a violation comes back only after the platform files a
 * signed review and the regulator approves it. The decision goes back to the platform as a
 * signed `relisting.decided` webhook.
 */
export function createRelistingService(ctx: AppContext) {
  /** One request, as absent (404) to a platform other than its own and to staff out of its shop's reach. */
  async function load(db: Executor, id: string, reader?: RelistingReader): Promise<RelistingRequest> {
    const row = (
      await db.execute({
        sql: `SELECT r.*, s.district_code AS shop_district_code
              FROM relisting_requests r JOIN shops s ON s.id = r.shop_id WHERE r.id = ?`,
        args: [id],
      })
    ).rows[0];
    if (!row || !canRead(reader, textOrNull(row.platform_id), textOrNull(row.shop_district_code))) {
      throw notFound(`No relisting request ${id}.`, 'relisting_request_not_found');
    }
    return rowToRequest(row);
  }

  return {
    async createRelistingRequest(
      platformId: string,
      input: Schema<'RelistingRequestCreate'>,
      signed: SignedInput,
    ): Promise<RelistingRequest> {
      return ctx.db.transaction(async (tx) => {
        const shop = await getShop(tx, input.shopId);
        if (!shop) throw notFound(`No shop ${input.shopId}.`, 'shop_not_found');
        if (shop.platformId !== platformId) {
          throw forbidden('The shop is listed by another platform.', 'platform_mismatch');
        }
        const takedown = await openTakedown(tx, shop.id);
        if (!takedown) {
          throw conflict(
            'shop_not_taken_down',
            'The shop was not taken down after a violation; there is nothing to relist.',
          );
        }
        const pending = await tx.execute({
          sql: `SELECT id FROM relisting_requests WHERE shop_id = ? AND status = 'pending'`,
          args: [shop.id],
        });
        if (pending.rows.length > 0) {
          throw conflict(
            'relisting_request_pending',
            'A relisting request for this shop is already awaiting a decision.',
          );
        }
        const now = ctx.clock.now();
        const id = newOpaqueId('rlr');
        await tx.execute({
          sql: `INSERT INTO relisting_requests (id, platform_id, shop_id, takedown_id, status, review, submitted_at, attestation, signed_body)
                VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)`,
          args: [
            id,
            platformId,
            shop.id,
            String(takedown.id),
            JSON.stringify(input.review),
            now.toISOString(),
            JSON.stringify(signed.attestation),
            signed.body,
          ],
        });
        await ctx.audit.appendWithin(tx, {
          actor: { type: 'platform', id: platformId },
          action: 'relisting.requested',
          subject: { type: 'relisting_request', id },
          details: {
            shopId: shop.id,
            jti: signed.attestation.jti,
            bodySha256: signed.attestation.bodySha256,
          },
        });
        return load(tx, id);
      });
    },

    getRelistingRequest: (id: string, reader?: RelistingReader) => load(ctx.db, id, reader),

    /** Requests newest first; for `staff`, only those for shops within their reach (`shopScope`). */
    async listRelistingRequests(
      query: {
        status?: RelistingStatus;
        platformId?: string;
        cursor?: string;
        limit?: number;
      },
      staff?: StaffPrincipal,
    ): Promise<{ items: RelistingRequest[]; nextCursor: string | null }> {
      const limit = query.limit ?? 50;
      const before = query.cursor ? decodeSeqCursor('relisting_requests', query.cursor) : null;
      // Only the conditions asked for, so one index seeks them in rowid order.
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (query.platformId) where.push('r.platform_id = ?') && args.push(query.platformId);
      if (query.status) where.push('r.status = ?') && args.push(query.status);
      if (before !== null) where.push('r.rowid < ?') && args.push(before);
      if (staff) {
        const scope = shopScope(staff, 's.district_code');
        where.push(scope.where) && args.push(...scope.args);
      }
      const rows = (
        await ctx.db.execute({
          sql: `SELECT r.*, r.rowid AS seq FROM relisting_requests r JOIN shops s ON s.id = r.shop_id
                ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY r.rowid DESC LIMIT ?`,
          args: [...args, limit + 1],
        })
      ).rows;
      const items = rows.slice(0, limit).map(rowToRequest);
      return {
        items,
        nextCursor: rows.length > limit ? encodeSeqCursor('relisting_requests', rows[limit - 1]!.seq) : null,
      };
    },

    async decideRelistingRequest(
      id: string,
      decision: Schema<'RelistingDecisionCreate'>,
      staff: StaffPrincipal,
    ): Promise<RelistingRequest> {
      return ctx.db.transaction(async (tx) => {
        // Territorial principle: a district handler decides only for shops of their own district;
        // another district's request is as absent to them as to a reader (404).
        const request = await load(tx, id, { staff });
        if (request.status !== 'pending') {
          throw conflict('relisting_already_decided', `This request was already ${request.status}.`);
        }
        const now = ctx.clock.now();
        await tx.execute({
          sql: `UPDATE relisting_requests SET status = ?, decision_reasons = ?, decided_at = ?, decided_by = ?
                WHERE id = ? AND status = 'pending'`,
          args: [decision.outcome, decision.reasons, now.toISOString(), staff.id, id],
        });
        if (decision.outcome === 'approved') {
          // The take-down is cleared: the platform may list the shop again.
          await tx.execute({
            sql: `UPDATE shop_takedowns SET cleared_at = ?, cleared_by_request_id = ?
                  WHERE shop_id = ? AND cleared_at IS NULL`,
            args: [now.toISOString(), id, request.shopId],
          });
        }
        const decided = await load(tx, id);
        const platform = await findPlatform(tx, request.platformId);
        if (platform?.webhookUrl) {
          await enqueueWebhook(tx, {
            platformId: request.platformId,
            type: 'relisting.decided',
            subjectId: id,
            data: decided,
            at: now,
          });
        }
        await ctx.audit.appendWithin(tx, {
          actor: { type: 'staff', id: staff.id },
          action: 'relisting.decided',
          subject: { type: 'relisting_request', id },
          details: { outcome: decision.outcome, shopId: request.shopId, platformId: request.platformId },
        });
        return decided;
      });
    },

    /** Whether a shop may be relisted: never taken down, or its take-down cleared by approval. */
    async shopRelistingStatus(shopId: string, reader?: RelistingReader): Promise<ShopRelistingStatus> {
      const shop = await getShop(ctx.db, shopId);
      if (!shop || !canRead(reader, shop.platformId, shop.districtCode)) {
        throw notFound(`No shop ${shopId}.`, 'shop_not_found');
      }
      const takedown = await openTakedown(ctx.db, shopId);
      const latest = (
        await ctx.db.execute({
          sql: 'SELECT id, status, takedown_id FROM relisting_requests WHERE shop_id = ? ORDER BY rowid DESC LIMIT 1',
          args: [shopId],
        })
      ).rows[0];
      const latestRequestId = latest ? String(latest.id) : null;
      if (!takedown) {
        const everTaken = (
          await ctx.db.execute({
            sql: 'SELECT 1 FROM shop_takedowns WHERE shop_id = ? LIMIT 1',
            args: [shopId],
          })
        ).rows.length;
        return {
          shopId,
          takenDown: false,
          takenDownAt: null,
          relistable: true,
          reason: everTaken ? 'request_approved' : 'never_taken_down',
          latestRequestId,
        };
      }
      const forThisTakedown = latest && latest.takedown_id === takedown.id ? String(latest.status) : null;
      return {
        shopId,
        takenDown: true,
        takenDownAt: String(takedown.taken_down_at),
        relistable: false,
        reason:
          forThisTakedown === 'pending'
            ? 'request_pending'
            : forThisTakedown === 'rejected'
              ? 'request_rejected'
              : 'awaiting_request',
        latestRequestId,
      };
    },
  };
}
export type RelistingService = ReturnType<typeof createRelistingService>;
