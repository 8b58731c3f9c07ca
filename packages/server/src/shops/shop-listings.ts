import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import type { AppContext } from '../http/app-context.js';
import { newOpaqueId } from '../ids/ids.js';
import { applyMapping, type ColumnMapping, SHOP_FIELDS } from '../record-import/column-mapping.js';
import {
  extraJson,
  optionalNumber,
  optionalText,
  RejectionLog,
  RowProblem,
  wholeCount,
} from '../record-import/import-summary.js';
import { dayNumber } from '../record-import/record-dates.js';
import type { TextRecord } from '../record-import/text-records.js';
import { enforceOnlineGuards } from './shop-feed-guard.js';
import type { OnlineAttemptSource } from './shop-online-guard.js';

export type ShopFeedResult = Schema<'ShopFeedResult'>;

const BATCH_SIZE = 500;

/** A listing as stored: the shop columns a feed or a registry file may set. */
interface Listing {
  row: number;
  platformShopId: string | null;
  name: string;
  address: string | null;
  districtCode: string | null;
  licenceNumber: string | null;
  licenceExpiry: string | null;
  licenceIssued: string | null;
  categories: string;
  rating: number | null;
  complaintCount: number;
  online: number;
  area: string | null;
  extra: string;
}

// The fields a listing may carry: the same list the column mappings map onto.
const KNOWN = new Set<string>([...SHOP_FIELDS, 'extra']);

function optionalDate(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || dayNumber(value) === undefined)
    throw new RowProblem(field, 'is not a calendar date YYYY-MM-DD');
  return value;
}

function toOnline(value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = String(value).trim().toLowerCase();
  if (['true', '1', 'online', 'yes'].includes(text)) return 1;
  if (['false', '0', 'offline', 'no'].includes(text)) return 0;
  throw new RowProblem('online', 'must be true or false');
}

function toCategories(value: unknown): string {
  if (value === undefined || value === null) return '[]';
  const list = Array.isArray(value) ? value : [value];
  if (list.length > 20 || !list.every((c) => typeof c === 'string' && c.length <= 64)) {
    throw new RowProblem('categories', 'must be at most 20 names of at most 64 characters');
  }
  return JSON.stringify(list);
}

function toListing(
  row: number,
  values: Record<string, unknown>,
  districts: Set<string>,
  keyedBy: 'platform' | 'licence',
): Listing {
  for (const key of Object.keys(values))
    if (!KNOWN.has(key)) throw new RowProblem(key, 'is not a field of a shop listing');
  const name = optionalText(values.name, 'name', 200);
  if (!name) throw new RowProblem('name', 'is missing');
  const platformShopId = optionalText(values.platformShopId, 'platformShopId', 128);
  const licenceNumber = optionalText(values.licenceNumber, 'licenceNumber', 64);
  if (keyedBy === 'platform' && !platformShopId) throw new RowProblem('platformShopId', 'is missing');
  if (keyedBy === 'licence' && !licenceNumber) {
    throw new RowProblem(
      'licenceNumber',
      'is missing (shops not listed by a platform are keyed by licence number)',
    );
  }
  const districtCode = optionalText(values.districtCode, 'districtCode', 16);
  if (districtCode && !districts.has(districtCode))
    throw new RowProblem('districtCode', 'is not a district of the reference data');
  return {
    row,
    platformShopId,
    name,
    address: optionalText(values.address, 'address', 500),
    districtCode,
    licenceNumber,
    licenceExpiry: optionalDate(values.licenceExpiry, 'licenceExpiry'),
    licenceIssued: optionalDate(values.licenceIssued, 'licenceIssued'),
    categories: toCategories(values.categories),
    rating: optionalNumber(values.rating, 'rating', 0, 5),
    complaintCount: wholeCount(values.complaintCount, 'complaintCount'),
    online: toOnline(values.online),
    area: optionalText(values.area, 'area', 64),
    extra: extraJson(values.extra) ?? '{}',
  };
}

const COLUMNS = [
  'name',
  'address',
  'district_code',
  'licence_number',
  'licence_expiry',
  'licence_issued',
  'categories',
  'rating',
  'complaint_count',
  'online',
  'area',
  'extra',
] as const;

function columnValues(l: Listing): (string | number | null)[] {
  return [
    l.name,
    l.address,
    l.districtCode,
    l.licenceNumber,
    l.licenceExpiry,
    l.licenceIssued,
    l.categories,
    l.rating,
    l.complaintCount,
    l.online,
    l.area,
    l.extra,
  ];
}

export interface ShopIntakeOptions {
  /** The platform whose listings these are (upsert by its shop id), or null for registry shops (upsert by licence number). */
  platformId: string | null;
  mapping?: ColumnMapping;
  actor: AuditActor;
  /** A platform's signed feed or an operator's file: recorded with any objection to a row. */
  source?: OnlineAttemptSource;
  onProgress?: (rowsRead: number) => void;
}

/**
 * Upserts shop listings row by row, in batches: a platform's by its shop id, registry shops (no
 * platform) by licence number. A row that fails its checks is reported and skipped; a row equal
 * to what is stored changes nothing, so a feed sent twice is harmless.
 */
export async function ingestShopListings(
  ctx: AppContext,
  records: AsyncIterable<TextRecord> | Iterable<TextRecord>,
  options: ShopIntakeOptions,
): Promise<ShopFeedResult & { rejectedByReason: Record<string, number> }> {
  const { db, clock } = ctx;
  const districts = new Set((await db.execute('SELECT code FROM districts')).rows.map((r) => String(r.code)));
  const keyedBy = options.platformId ? 'platform' : 'licence';
  const rejections = new RejectionLog();
  const result = { received: 0, created: 0, updated: 0, unchanged: 0 };
  let batch: Listing[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    // The last row wins when a batch names one shop twice.
    const byKey = new Map<string, Listing>();
    for (const l of batch) byKey.set(keyedBy === 'platform' ? l.platformShopId! : l.licenceNumber!, l);
    const keys = [...byKey.keys()];
    const existing = await db.execute({
      sql:
        keyedBy === 'platform'
          ? `SELECT * FROM shops WHERE platform_id = ? AND platform_shop_id IN (SELECT value FROM json_each(?))`
          : `SELECT * FROM shops WHERE platform_id IS NULL AND ? IS NULL AND licence_number IN (SELECT value FROM json_each(?))`,
      args: [options.platformId, JSON.stringify(keys)],
    });
    const stored = new Map(
      existing.rows.map((r) => [String(keyedBy === 'platform' ? r.platform_shop_id : r.licence_number), r]),
    );
    // A listing that brings an offline shop back online passes the guards first (relisting).
    const attempts = [...byKey]
      .map(([key, listing]) => ({ current: stored.get(key), listing }))
      .filter(({ current, listing }) => current && Number(current.online) === 0 && listing.online === 1)
      .map(({ current, listing }) => ({
        shopId: String(current!.id),
        platformId: String(current!.platform_id),
        row: listing.row,
      }));
    const refusedShops = new Set<string>();
    for (const refused of await enforceOnlineGuards(ctx, db, attempts, options.source ?? 'import')) {
      rejections.add(refused.row, `${refused.reason} (${refused.code})`, 'online');
      refusedShops.add(refused.shopId);
    }
    const now = clock.now().toISOString();
    const statements = [];
    const fresh: unknown[][] = [];
    for (const [key, listing] of byKey) {
      const values = columnValues(listing);
      const current = stored.get(key);
      if (current && refusedShops.has(String(current.id))) continue; // listed as rejected
      if (!current) {
        fresh.push([newOpaqueId('shop'), options.platformId ? key : null, ...values]);
      } else if (COLUMNS.some((c, i) => (current[c] ?? null) !== values[i])) {
        statements.push({
          sql: `UPDATE shops SET ${COLUMNS.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
          args: [...values, now, String(current.id)],
        });
        result.updated += 1;
      } else {
        result.unchanged += 1;
      }
    }
    if (fresh.length > 0) {
      // New shops in one statement per batch: the JSON parameter carries every row.
      statements.push({
        sql: `INSERT INTO shops (id, platform_shop_id, ${COLUMNS.join(', ')}, platform_id, created_at, updated_at)
              SELECT ${['id', 'platform_shop_id', ...COLUMNS].map((_, i) => `j.value ->> ${i}`).join(', ')}, ?2, ?3, ?3
              FROM json_each(?1) j`,
        args: [JSON.stringify(fresh), options.platformId, now],
      });
      result.created += fresh.length;
    }
    result.unchanged += batch.length - byKey.size;
    if (statements.length > 0) await db.batch(statements);
    batch = [];
    options.onProgress?.(result.received);
  };

  for await (const record of records) {
    result.received += 1;
    if ('error' in record) {
      rejections.add(record.row, record.error);
      continue;
    }
    try {
      const values = options.mapping ? applyMapping(options.mapping, record.values) : record.values;
      if (options.platformId && values.platformId !== undefined && values.platformId !== options.platformId) {
        throw new RowProblem('platformId', 'names another platform; a platform feeds only its own listings');
      }
      const { platformId: _ignored, ...fields } = values;
      batch.push(toListing(record.row, fields, districts, keyedBy));
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      rejections.add(record.row, error.reason, error.field);
    }
    if (batch.length >= BATCH_SIZE) await flush();
  }
  await flush();
  await ctx.audit.append({
    actor: options.actor,
    action: 'shops.feed',
    ...(options.platformId && { subject: { type: 'platform', id: options.platformId } }),
    details: { ...result, rejected: rejections.count },
  });
  return {
    ...result,
    rejected: rejections.count,
    rejections: rejections.listed,
    rejectedByReason: rejections.byReason,
  };
}

/** Wraps a parsed JSON batch's rows as numbered records. */
export function* batchRecords(rows: unknown[]): Generator<TextRecord> {
  for (const [i, value] of rows.entries()) {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      yield { row: i + 1, error: 'is not a JSON object' };
    else yield { row: i + 1, values: value as Record<string, unknown> };
  }
}
