import type { Schema } from '@ezhili/contract';
import type { TextRecord } from './text-records.js';

export type RowRejection = Schema<'RowRejection'>;

/** Rejections kept in a summary; the counts by reason cover the rest. */
export const MAX_LISTED_REJECTIONS = 100;

/** Collects refused rows: the first hundred in full, all of them counted by reason. */
export class RejectionLog {
  readonly listed: RowRejection[] = [];
  readonly byReason: Record<string, number> = {};
  count = 0;

  add(row: number, reason: string, field?: string): void {
    this.count += 1;
    const key = field ? `${field}: ${reason}` : reason;
    this.byReason[key] = (this.byReason[key] ?? 0) + 1;
    if (this.listed.length < MAX_LISTED_REJECTIONS)
      this.listed.push({ row, reason, ...(field && { field }) });
  }
}

/** A reason that names what is wrong without echoing the value (it may be personal data). */
export class RowProblem extends Error {
  constructor(
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function wholeCount(value: unknown, field: string): number {
  if (value === undefined) return 0;
  const n = typeof value === 'number' ? value : Number(String(value));
  if (!Number.isInteger(n) || n < 0) throw new RowProblem(field, 'must be a whole number ≥ 0');
  return n;
}

export function optionalNumber(value: unknown, field: string, min: number, max: number): number | null {
  if (value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(String(value));
  if (!Number.isFinite(n) || n < min || n > max)
    throw new RowProblem(field, `must be a number from ${min} to ${max}`);
  return n;
}

export function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined) return null;
  const text = String(value).trim();
  if (text.length > max) throw new RowProblem(field, `must be at most ${max} characters`);
  return text === '' ? null : text;
}

/** Longest `extra` object a record may carry, as JSON. */
const MAX_EXTRA_JSON = 4000;

/**
 * A record's extra fields (what a mapping carries beyond the canonical ones) as stored JSON:
 * an object of strings, numbers, booleans or lists of strings; null when there are none.
 */
export function extraJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw new RowProblem('extra', 'must be an object');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return null;
  for (const [key, v] of entries) {
    const scalar = v === null || ['string', 'number', 'boolean'].includes(typeof v);
    const list = Array.isArray(v) && v.every((item) => typeof item === 'string');
    if (!scalar && !list)
      throw new RowProblem(`extra.${key}`, 'must be a string, number, boolean or list of strings');
    if (typeof v === 'number' && !Number.isFinite(v))
      throw new RowProblem(`extra.${key}`, 'must be a finite number');
  }
  const json = JSON.stringify(value);
  if (json.length > MAX_EXTRA_JSON)
    throw new RowProblem('extra', `must be at most ${MAX_EXTRA_JSON} characters as JSON`);
  return json;
}

/**
 * The loop of every streamed import: each record is turned into a row (a RowProblem rejects it
 * with its number and reason, the others go on), and full batches are handed to `flush`, so
 * only one batch is in memory. Returns the number of records read.
 */
export async function readInBatches<T>(
  records: AsyncIterable<TextRecord>,
  rejections: RejectionLog,
  batchSize: number,
  toRow: (row: number, values: Record<string, unknown>) => T,
  flush: (rows: T[], rowsRead: number) => Promise<void>,
): Promise<number> {
  let rowsRead = 0;
  let batch: T[] = [];
  for await (const record of records) {
    rowsRead += 1;
    if ('error' in record) {
      rejections.add(record.row, record.error);
      continue;
    }
    try {
      batch.push(toRow(record.row, record.values));
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      rejections.add(record.row, error.reason, error.field);
    }
    if (batch.length >= batchSize) {
      await flush(batch, rowsRead);
      batch = [];
    }
  }
  if (batch.length > 0) await flush(batch, rowsRead);
  return rowsRead;
}
