import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { ProblemError } from '../problem/problem-error.js';
import type { TextRecord } from '../record-import/text-records.js';
import {
  checkOnlineAttempts,
  type OnlineAttempt,
  type OnlineAttemptSource,
  type OnlineObjection,
} from './shop-online-guard.js';

/**
 * Asks the guards about the attempts and records what they object to; returns the refused ones
 * (the caller does not load them).
 */
export async function enforceOnlineGuards(
  ctx: AppContext,
  db: Executor,
  attempts: readonly OnlineAttempt[],
  source: OnlineAttemptSource,
): Promise<OnlineObjection[]> {
  const refused: OnlineObjection[] = [];
  for (const { guard, objections } of await checkOnlineAttempts(ctx, db, attempts)) {
    await guard.record(ctx, objections, source);
    refused.push(...objections.filter((o) => o.refuse));
  }
  return refused;
}

function wantsOnline(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  return ['true', '1', 'online', 'yes'].includes(String(value).trim().toLowerCase());
}

const CHUNK = 500;

/**
 * Before a platform's feed loads anything: the rows that would bring one of its offline shops
 * online, and the guards' verdict on them. Refused rows refuse the whole feed (nothing loads;
 * the attempt is recorded), so the platform sees one clear problem instead of a partial load.
 * Rows accepted with an objection (an authoritative feed) are recorded when they load.
 */
export async function refuseFeedOnGuards(
  ctx: AppContext,
  platformId: string,
  records: readonly TextRecord[],
  pointerOf: (row: number) => string,
): Promise<void> {
  const rowsByShopRef = new Map<string, number>();
  for (const record of records) {
    if ('error' in record) continue;
    const ref = record.values.platformShopId;
    if (typeof ref === 'string' && ref && wantsOnline(record.values.online))
      rowsByShopRef.set(ref, record.row);
  }
  const refs = [...rowsByShopRef.keys()];
  const attempts: OnlineAttempt[] = [];
  for (let i = 0; i < refs.length; i += CHUNK) {
    const offline = await ctx.db.execute({
      sql: `SELECT id, platform_shop_id FROM shops
            WHERE platform_id = ? AND online = 0 AND platform_shop_id IN (SELECT value FROM json_each(?))`,
      args: [platformId, JSON.stringify(refs.slice(i, i + CHUNK))],
    });
    for (const shop of offline.rows) {
      attempts.push({
        shopId: String(shop.id),
        platformId,
        row: rowsByShopRef.get(String(shop.platform_shop_id))!,
      });
    }
  }
  const answers = await checkOnlineAttempts(ctx, ctx.db, attempts);
  const refused = answers.flatMap(({ guard, objections }) => {
    const refusedHere = objections.filter((o) => o.refuse);
    return refusedHere.length > 0 ? [{ guard, refused: refusedHere }] : [];
  });
  if (refused.length === 0) return;
  for (const { guard, refused: objections } of refused) await guard.record(ctx, objections, 'feed');
  const all = refused.flatMap((r) => r.refused).sort((a, b) => a.row - b.row);
  const first = all[0]!;
  throw new ProblemError(409, {
    code: first.code,
    detail: `${all.length} row(s) would put a shop online that may not be listed again: ${first.reason} Nothing of this feed was loaded.`,
    errors: all
      .slice(0, 100)
      .map((o) => ({ pointer: pointerOf(o.row), detail: `shop ${o.shopId}: ${o.reason}` })),
  });
}
