import type { AuditActor } from '../audit/audit-log.js';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import type { OnlineAttemptSource, OnlineObjection, ShopOnlineGuard } from '../shops/shop-online-guard.js';
import { setShopOnline } from '../shops/shop-repository.js';
import { feedIsAuthoritative, RELISTING_SETTINGS } from './relisting-settings.js';

export type BreachSource = OnlineAttemptSource | 'reconciliation';
type Handling = 'refused' | 'accepted';

const NOT_APPROVED =
  'The shop was taken down after a violation and no relisting request for it has been approved.';

async function openTakedowns(db: Executor, shopIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.execute({
    sql: `SELECT id, shop_id FROM shop_takedowns
          WHERE cleared_at IS NULL AND shop_id IN (SELECT value FROM json_each(?))`,
    args: [JSON.stringify(shopIds)],
  });
  return new Map(rows.rows.map((r) => [String(r.shop_id), String(r.id)]));
}

/**
 * Records one breach of a take-down (one row per take-down; a repeated attempt counts on it)
 * and its audit event, inside the caller's transaction. `repeat: false` leaves a breach already
 * recorded as it is (the reconciliation job finding the same shop online again).
 */
async function recordBreach(
  ctx: AppContext,
  tx: Executor,
  breach: {
    platformId: string;
    shopId: string;
    takedownId: string;
    source: BreachSource;
    handling: Handling;
  },
  options: { repeat: boolean; actor: AuditActor },
): Promise<boolean> {
  const now = ctx.clock.now().toISOString();
  const written = await tx.execute({
    sql: `INSERT INTO relisting_breaches
            (id, platform_id, shop_id, takedown_id, source, handling, attempts, detected_at, last_detected_at)
          VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
          ON CONFLICT (takedown_id) DO ${
            options.repeat
              ? `UPDATE SET attempts = attempts + 1, last_detected_at = excluded.last_detected_at,
                   handling = CASE WHEN excluded.handling = 'accepted' THEN 'accepted' ELSE handling END`
              : 'NOTHING'
          }`,
    args: [
      newId('rlb', ctx.clock.now()),
      breach.platformId,
      breach.shopId,
      breach.takedownId,
      breach.source,
      breach.handling,
      now,
      now,
    ],
  });
  if (written.rowsAffected === 0) return false;
  await ctx.audit.appendWithin(tx, {
    actor: options.actor,
    action: 'relisting.breach',
    subject: { type: 'shop', id: breach.shopId },
    details: {
      platformId: breach.platformId,
      takedownId: breach.takedownId,
      source: breach.source,
      handling: breach.handling,
    },
  });
  return true;
}

/**
 * The relisting module's guard on the shop registry: a shop with an open take-down (no approved
 * relisting request) does not go online. A platform whose feed the deployment declares
 * authoritative gets its way, and the breach is recorded either way.
 */
export const relistingOnlineGuard: ShopOnlineGuard = {
  async check(ctx, db, attempts) {
    const settings = ctx.settings.of(RELISTING_SETTINGS);
    const open = await openTakedowns(
      db,
      attempts.map((a) => a.shopId),
    );
    return attempts
      .filter((a) => open.has(a.shopId))
      .map((a) => ({
        ...a,
        refuse: !feedIsAuthoritative(settings, a.platformId),
        code: 'relisting_not_approved',
        reason: NOT_APPROVED,
      }));
  },

  async record(ctx, objections: readonly OnlineObjection[], source) {
    await ctx.db.transaction(async (tx) => {
      const open = await openTakedowns(
        tx,
        objections.map((o) => o.shopId),
      );
      for (const o of objections) {
        const takedownId = open.get(o.shopId);
        if (!takedownId) continue;
        await recordBreach(
          ctx,
          tx,
          {
            platformId: o.platformId,
            shopId: o.shopId,
            takedownId,
            source,
            handling: o.refuse ? 'refused' : 'accepted',
          },
          {
            repeat: true,
            actor:
              source === 'feed' ? { type: 'platform', id: o.platformId } : { type: 'system', id: 'import' },
          },
        );
      }
    });
  },
};

export interface ReconciliationResult {
  /** Shops found online with an open take-down. */
  found: number;
  /** Breaches recorded or counted again (each with its audit event). */
  recorded: number;
  /** Taken offline again in the registry (platforms whose feed is not authoritative). */
  restoredOffline: number;
}

/**
 * Over existing data: every shop online while its take-down is open (put there before the rule
 * was enforced, or by an authoritative feed) is a breach; the registry takes it offline again
 * unless the platform's feed is authoritative. Running it again changes nothing more.
 */
export async function reconcileRelistings(ctx: AppContext): Promise<ReconciliationResult> {
  const settings = ctx.settings.of(RELISTING_SETTINGS);
  const result: ReconciliationResult = { found: 0, recorded: 0, restoredOffline: 0 };
  const online = (
    await ctx.db.execute(
      `SELECT s.id AS shop_id, t.platform_id, t.id AS takedown_id
       FROM shop_takedowns t JOIN shops s ON s.id = t.shop_id
       WHERE t.cleared_at IS NULL AND s.online = 1`,
    )
  ).rows;
  for (const row of online) {
    const platformId = String(row.platform_id);
    const shopId = String(row.shop_id);
    const accepted = feedIsAuthoritative(settings, platformId);
    await ctx.db.transaction(async (tx) => {
      // Re-read inside the transaction: a relisting approved meanwhile clears the take-down.
      const still = await tx.execute({
        sql: `SELECT 1 FROM shop_takedowns t JOIN shops s ON s.id = t.shop_id
              WHERE t.id = ? AND t.cleared_at IS NULL AND s.online = 1`,
        args: [String(row.takedown_id)],
      });
      if (still.rows.length === 0) return;
      result.found += 1;
      if (!accepted) {
        await setShopOnline(tx, shopId, false, ctx.clock.now());
        result.restoredOffline += 1;
      }
      const recorded = await recordBreach(
        ctx,
        tx,
        {
          platformId,
          shopId,
          takedownId: String(row.takedown_id),
          source: 'reconciliation',
          handling: accepted ? 'accepted' : 'refused',
        },
        { repeat: !accepted, actor: { type: 'system', id: 'relisting-reconciliation' } },
      );
      if (recorded) result.recorded += 1;
    });
  }
  return result;
}
