import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import { sha256Hex } from '../crypto/hashing.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { applyMapping, type ColumnMapping } from '../record-import/column-mapping.js';
import {
  extraJson,
  optionalNumber,
  optionalText,
  RejectionLog,
  RowProblem,
  readInBatches,
  wholeCount,
} from '../record-import/import-summary.js';
import { dayNumber } from '../record-import/record-dates.js';
import type { TextRecord } from '../record-import/text-records.js';

export type InspectionImportResult = Schema<'InspectionImportResult'>;

/** Records per INSERT: one statement per batch keeps a million-row import to a few seconds of SQL. */
const BATCH_SIZE = 2000;
/** Shop references remembered between batches; cleared when full so memory stays bounded. */
const SHOP_CACHE_LIMIT = 200_000;

interface InspectionRow {
  row: number;
  licenceNumber: string | null;
  platformId: string | null;
  platformShopId: string | null;
  date: string;
  day: number;
  result: string | null;
  score: number | null;
  critical: number;
  serious: number;
  minor: number;
  violations: string | null;
  /** The mapping's extra fields as JSON, or null. */
  extra: string | null;
  recordKey: string;
}

export interface InspectionImportOptions {
  mapping: ColumnMapping;
  /** Overrides the mapping's source. */
  source?: string;
  actor: AuditActor;
  /** Called after each batch, e.g. for a progress bar. */
  onProgress?: (rowsRead: number) => void;
}

function toInspection(row: number, values: Record<string, unknown>, todayDay: number): InspectionRow {
  const licenceNumber = optionalText(values.licenceNumber, 'licenceNumber', 64);
  const platformId = optionalText(values.platformId, 'platformId', 64);
  const platformShopId = optionalText(values.platformShopId, 'platformShopId', 128);
  if (!licenceNumber && !(platformId && platformShopId)) {
    throw new RowProblem(
      'licenceNumber',
      'names no shop: give a licence number, or platform id and platform shop id',
    );
  }
  if (values.date === undefined) throw new RowProblem('date', 'is missing');
  const date = String(values.date);
  const day = dayNumber(date);
  if (day === undefined) throw new RowProblem('date', 'is not a calendar date (YYYY-MM-DD after mapping)');
  if (day > todayDay + 1) throw new RowProblem('date', 'is in the future');
  const inspection = {
    row,
    licenceNumber,
    platformId,
    platformShopId,
    date,
    day,
    result: optionalText(values.result, 'result', 64),
    score: optionalNumber(values.score, 'score', 0, 1000),
    critical: wholeCount(values.critical, 'critical'),
    serious: wholeCount(values.serious, 'serious'),
    minor: wholeCount(values.minor, 'minor'),
    violations: optionalText(values.violations, 'violations', 10_000),
    extra: extraJson(values.extra),
  };
  const externalId = optionalText(values.externalId, 'externalId', 256);
  // Without a source record id, the record's own content is its key: the same row twice is one record.
  const recordKey =
    externalId ??
    `sha256:${sha256Hex(
      JSON.stringify([
        licenceNumber,
        platformId,
        platformShopId,
        date,
        inspection.result,
        inspection.score,
        inspection.critical,
        inspection.serious,
        inspection.minor,
        inspection.violations,
        inspection.extra,
      ]),
    )}`;
  return { ...inspection, recordKey };
}

/**
 * Loads inspection records from a stream, in batches: each row is mapped, checked and linked to
 * its shop (licence number, or platform + platform shop id); refused rows are reported with their
 * number and reason while the others load. Records already loaded (same source and record key)
 * are skipped, so importing a file twice adds nothing. Only one batch is in memory at a time.
 */
export async function importInspections(
  ctx: AppContext,
  records: AsyncIterable<TextRecord>,
  options: InspectionImportOptions,
): Promise<InspectionImportResult> {
  const { db, clock } = ctx;
  const source = options.source ?? options.mapping.source;
  const importId = newId('imp', clock.now());
  const todayDay = Math.floor(clock.now().getTime() / 86_400_000);
  const rejections = new RejectionLog();
  const shopByLicence = new Map<string, string | null>();
  const shopByListing = new Map<string, string | null>();
  let inserted = 0;
  let duplicates = 0;

  const resolveShops = async (rows: InspectionRow[]) => {
    if (shopByLicence.size + shopByListing.size > SHOP_CACHE_LIMIT) {
      shopByLicence.clear();
      shopByListing.clear();
    }
    const licences = [
      ...new Set(
        rows
          .filter((r) => r.licenceNumber && !shopByLicence.has(r.licenceNumber))
          .map((r) => r.licenceNumber!),
      ),
    ];
    if (licences.length > 0) {
      // A licence may be listed on several platforms: the record goes to the first shop (by id).
      const found = await db.execute({
        sql: `SELECT licence_number, min(id) AS id FROM shops WHERE licence_number IN (SELECT value FROM json_each(?)) GROUP BY licence_number`,
        args: [JSON.stringify(licences)],
      });
      for (const l of licences) shopByLicence.set(l, null);
      for (const row of found.rows) shopByLicence.set(String(row.licence_number), String(row.id));
    }
    const listings = [
      ...new Set(
        rows
          .filter((r) => !r.licenceNumber && !shopByListing.has(`${r.platformId}\n${r.platformShopId}`))
          .map((r) => `${r.platformId}\n${r.platformShopId}`),
      ),
    ];
    if (listings.length > 0) {
      const found = await db.execute({
        sql: `SELECT s.id, s.platform_id, s.platform_shop_id FROM json_each(?) j
              JOIN shops s ON s.platform_id = j.value ->> 0 AND s.platform_shop_id = j.value ->> 1`,
        args: [JSON.stringify(listings.map((l) => l.split('\n')))],
      });
      for (const l of listings) shopByListing.set(l, null);
      for (const row of found.rows)
        shopByListing.set(`${row.platform_id}\n${row.platform_shop_id}`, String(row.id));
    }
  };

  const flush = async (batch: InspectionRow[], rowsRead: number) => {
    await resolveShops(batch);
    const values: unknown[][] = [];
    for (const r of batch) {
      const shopId = r.licenceNumber
        ? shopByLicence.get(r.licenceNumber)
        : shopByListing.get(`${r.platformId}\n${r.platformShopId}`);
      if (!shopId) {
        rejections.add(
          r.row,
          r.licenceNumber
            ? 'no shop in the registry has this licence number'
            : 'no shop in the registry has this platform listing',
          r.licenceNumber ? 'licenceNumber' : 'platformShopId',
        );
        continue;
      }
      values.push([
        shopId,
        r.date,
        r.day,
        r.result,
        r.score,
        r.critical,
        r.serious,
        r.minor,
        r.violations,
        r.recordKey,
        r.extra,
      ]);
    }
    if (values.length > 0) {
      // One statement per batch; the JSON parameter keeps it to one bound value however large.
      const result = await db.execute({
        sql: `INSERT INTO inspections (shop_id, inspected_on, day, result, score, critical, serious, minor, violations, source, record_key, import_id, extra)
              SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6,
                     j.value ->> 7, j.value ->> 8, ?2, j.value ->> 9, ?3, j.value ->> 10
              FROM json_each(?1) j WHERE true
              ON CONFLICT (source, record_key) DO NOTHING`,
        args: [JSON.stringify(values), source, importId],
      });
      inserted += result.rowsAffected;
      duplicates += values.length - result.rowsAffected;
    }
    options.onProgress?.(rowsRead);
  };

  const startedAt = clock.now().toISOString();
  const rowsRead = await readInBatches(
    records,
    rejections,
    BATCH_SIZE,
    (row, values) => toInspection(row, applyMapping(options.mapping, values), todayDay),
    flush,
  );

  const summary: InspectionImportResult = {
    importId,
    source,
    mapping: options.mapping.name,
    rowsRead,
    inserted,
    duplicates,
    rejected: rejections.count,
    rejectedByReason: rejections.byReason,
    rejections: rejections.listed,
  };
  await db.transaction(async (tx) => {
    await tx.execute({
      sql: `INSERT INTO inspection_imports (id, source, mapping, started_at, finished_at, rows_read, inserted, duplicates, rejected, imported_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        importId,
        source,
        options.mapping.name,
        startedAt,
        clock.now().toISOString(),
        rowsRead,
        inserted,
        duplicates,
        rejections.count,
        `${options.actor.type}:${options.actor.id}`,
      ],
    });
    await ctx.audit.appendWithin(tx, {
      actor: options.actor,
      action: 'risk.inspections.import',
      subject: { type: 'inspection_import', id: importId },
      details: {
        source,
        mapping: options.mapping.name,
        rowsRead,
        inserted,
        duplicates,
        rejected: rejections.count,
      },
    });
  });
  return summary;
}
