import { readFileSync } from 'node:fs';
import sfDphBusinesses from './mappings/sf-dph-businesses.json' with { type: 'json' };
import sfDphInspections from './mappings/sf-dph-inspections.json' with { type: 'json' };
import type { TextEncoding } from './text-records.js';

/**
 * A column mapping: how the columns of a source file become the fields of a shop or an
 * inspection record. Mappings are data (JSON files), so a new source needs a mapping file, not
 * a parser. See docs/risk-index.md § "Column mappings".
 */
export interface FieldSpec {
  /** The source column. */
  column?: string;
  /** Several columns joined with `|` (e.g. a record key made of business id, date and type). */
  columns?: string[];
  /** Prepended to a non-empty value, e.g. to keep one source's ids apart from another's. */
  prefix?: string;
  /** How the source writes dates; the value becomes YYYY-MM-DD. */
  dateFormat?: DateFormat;
  /** Value translation (e.g. a source's area names to district codes); unlisted values pass unchanged. */
  values?: Record<string, string | number | boolean | null>;
  /** Used when the column is empty or absent. */
  default?: string | number | boolean | null;
  /** Splits a list field (categories) on this separator. */
  split?: string;
}

export type DateFormat = 'YYYY-MM-DD' | 'YYYYMMDD' | 'M/D/YYYY' | 'D/M/YYYY' | 'M/D/YY' | 'D/M/YY';
const DATE_FORMATS: readonly DateFormat[] = [
  'YYYY-MM-DD',
  'YYYYMMDD',
  'M/D/YYYY',
  'D/M/YYYY',
  'M/D/YY',
  'D/M/YY',
];

export type RecordKind = 'shops' | 'inspections' | 'covariates';

/** Names of extra fields a mapping carries into the records' `extra` object. */
export const EXTRA_FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** At most this many extra fields per mapping (each is a key in every record's `extra`). */
export const MAX_EXTRA_FIELDS = 32;

export interface ColumnMapping {
  name: string;
  kind: RecordKind;
  /** Records are unique per source and record key; a re-import of the same source adds nothing. */
  source: string;
  description?: string;
  /** The file's text encoding (default UTF-8). */
  encoding?: TextEncoding;
  fields: Record<string, FieldSpec>;
  /**
   * Any other column the source has, carried into the record's `extra` object under its own
   * name (e.g. the inspector, a facility type): what data-declared model features read.
   */
  extra?: Record<string, FieldSpec>;
}

export const INSPECTION_FIELDS = [
  'licenceNumber',
  'platformId',
  'platformShopId',
  'date',
  'result',
  'score',
  'critical',
  'serious',
  'minor',
  'violations',
  'externalId',
] as const;

export const SHOP_FIELDS = [
  'platformId',
  'platformShopId',
  'name',
  'address',
  'districtCode',
  'licenceNumber',
  'licenceExpiry',
  'licenceIssued',
  'categories',
  'rating',
  'complaintCount',
  'online',
  'area',
] as const;

/** A covariate row: one value of one data set for an area (or `*`, everywhere) on a day. */
export const COVARIATE_FIELDS = ['dataset', 'area', 'date', 'value'] as const;

const FIELDS: Record<RecordKind, readonly string[]> = {
  shops: SHOP_FIELDS,
  inspections: INSPECTION_FIELDS,
  covariates: COVARIATE_FIELDS,
};

const SHIPPED: Record<string, unknown> = {
  'sf-dph-businesses': sfDphBusinesses,
  'sf-dph-inspections': sfDphInspections,
};

export class MappingError extends Error {}

/** The identity mapping: every field read from the column of the same name. */
export function identityMapping(kind: RecordKind, source = 'default'): ColumnMapping {
  return {
    name: `canonical-${kind}`,
    kind,
    source,
    fields: Object.fromEntries(FIELDS[kind].map((field) => [field, { column: field }])),
  };
}

export function shippedMappingNames(): string[] {
  return Object.keys(SHIPPED);
}

/** Checks a mapping document; throws MappingError naming the first problem. */
export function parseMapping(value: unknown, expected?: RecordKind): ColumnMapping {
  const fail = (detail: string): never => {
    throw new MappingError(`Invalid column mapping: ${detail}`);
  };
  if (!value || typeof value !== 'object') return fail('not a JSON object');
  const mapping = value as Partial<ColumnMapping>;
  if (typeof mapping.name !== 'string' || !/^[a-z0-9-]{1,64}$/.test(mapping.name))
    fail('name must be lowercase letters, digits and dashes');
  if (!Object.hasOwn(FIELDS, String(mapping.kind)))
    fail('kind must be "shops", "inspections" or "covariates"');
  if (expected && mapping.kind !== expected) fail(`this mapping is for ${mapping.kind}, not ${expected}`);
  if (typeof mapping.source !== 'string' || !/^[a-z0-9-]{1,64}$/.test(mapping.source))
    fail('source must be lowercase letters, digits and dashes');
  if (!mapping.fields || typeof mapping.fields !== 'object') fail('fields must be an object');
  if (mapping.encoding !== undefined && mapping.encoding !== 'utf-8' && mapping.encoding !== 'latin1') {
    fail('encoding must be "utf-8" or "latin1"');
  }
  const known = FIELDS[mapping.kind!];
  const fields: Record<string, FieldSpec> = {};
  for (const [field, raw] of Object.entries(mapping.fields!)) {
    if (!known.includes(field)) fail(`unknown field "${field}" (known: ${known.join(', ')})`);
    fields[field] = parseFieldSpec(field, raw, fail);
  }
  const extra: Record<string, FieldSpec> = {};
  if (mapping.extra !== undefined) {
    if (!mapping.extra || typeof mapping.extra !== 'object' || Array.isArray(mapping.extra))
      fail('extra must be an object of field names');
    const names = Object.keys(mapping.extra!);
    if (names.length > MAX_EXTRA_FIELDS) fail(`extra may carry at most ${MAX_EXTRA_FIELDS} fields`);
    for (const name of names) {
      if (!EXTRA_FIELD_NAME.test(name))
        fail(`extra field "${name}" must start with a letter and hold only letters, digits and _`);
      extra[name] = parseFieldSpec(`extra.${name}`, mapping.extra![name], fail);
    }
  }
  return {
    name: mapping.name!,
    kind: mapping.kind!,
    source: mapping.source!,
    description: mapping.description,
    ...(mapping.encoding && { encoding: mapping.encoding }),
    fields,
    ...(Object.keys(extra).length > 0 && { extra }),
  };
}

function parseFieldSpec(field: string, raw: unknown, fail: (detail: string) => never): FieldSpec {
  const spec: FieldSpec = typeof raw === 'string' ? { column: raw } : (raw as FieldSpec);
  if (!spec || typeof spec !== 'object') fail(`field "${field}" must be a column name or an object`);
  if (spec.column === undefined && spec.columns === undefined && spec.default === undefined) {
    fail(`field "${field}" needs column, columns or default`);
  }
  if (spec.column !== undefined && typeof spec.column !== 'string')
    fail(`field "${field}": column must be a string`);
  if (
    spec.columns !== undefined &&
    (!Array.isArray(spec.columns) || !spec.columns.every((c) => typeof c === 'string'))
  ) {
    fail(`field "${field}": columns must be a list of column names`);
  }
  if (spec.dateFormat !== undefined && !DATE_FORMATS.includes(spec.dateFormat)) {
    fail(`field "${field}": unknown dateFormat (known: ${DATE_FORMATS.join(', ')})`);
  }
  return spec;
}

/** A shipped mapping by name, or a mapping file by path. */
export function loadMapping(nameOrPath: string, expected: RecordKind): ColumnMapping {
  const shipped = SHIPPED[nameOrPath];
  if (shipped) return parseMapping(shipped, expected);
  if (!/[./\\]/.test(nameOrPath)) {
    throw new MappingError(
      `No shipped mapping "${nameOrPath}" (shipped: ${shippedMappingNames().join(', ')}).`,
    );
  }
  let text: string;
  try {
    text = readFileSync(nameOrPath, 'utf8');
  } catch {
    throw new MappingError(`Cannot read the mapping file ${nameOrPath}.`);
  }
  try {
    return parseMapping(JSON.parse(text), expected);
  } catch (error) {
    if (error instanceof MappingError) throw error;
    throw new MappingError(`The mapping file ${nameOrPath} is not valid JSON.`);
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function toIsoDate(value: string, format: FieldSpec['dateFormat']): string {
  const v = value.trim();
  switch (format) {
    case 'YYYYMMDD':
      return /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : v;
    case 'M/D/YYYY':
    case 'D/M/YYYY':
    case 'M/D/YY':
    case 'D/M/YY': {
      const short = format.endsWith('/YY');
      const m = (short ? /^(\d{1,2})\/(\d{1,2})\/(\d{2})(?!\d)/ : /^(\d{1,2})\/(\d{1,2})\/(\d{4})/).exec(v);
      if (!m) return v;
      const [a, b] = format.startsWith('M/') ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
      // Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (POSIX strptime's pivot).
      const year = short ? String(Number(m[3]) < 70 ? 2000 + Number(m[3]) : 1900 + Number(m[3])) : m[3];
      return `${year}-${a.padStart(2, '0')}-${b.padStart(2, '0')}`;
    }
    default:
      // ISO timestamps keep their date part.
      return /^\d{4}-\d{2}-\d{2}T/.test(v) ? v.slice(0, 10) : v;
  }
}

/** One field's value through its spec; undefined when empty and without a default. */
function readField(spec: FieldSpec, values: Record<string, unknown>): unknown {
  let value: unknown;
  if (spec.columns) {
    const parts = spec.columns.map((c) => values[c]);
    value = parts.some(isEmpty) ? undefined : parts.map((p) => String(p).trim()).join('|');
  } else if (spec.column !== undefined) {
    value = values[spec.column];
  }
  if (typeof value === 'string') value = value.trim();
  if (spec.values && !isEmpty(value) && Object.hasOwn(spec.values, String(value)))
    value = spec.values[String(value)];
  if (isEmpty(value)) value = spec.default ?? undefined;
  if (value === undefined || value === null) return undefined;
  if (spec.dateFormat && typeof value === 'string') value = toIsoDate(value, spec.dateFormat);
  if (spec.split && typeof value === 'string')
    value = value
      .split(spec.split)
      .map((s) => s.trim())
      .filter(Boolean);
  if (spec.prefix && (typeof value === 'string' || typeof value === 'number'))
    value = `${spec.prefix}${value}`;
  return value;
}

/**
 * Reads a record's fields through the mapping; values keep their source types (strings for
 * CSV). The mapping's extra fields land in `extra` (absent when none has a value).
 */
export function applyMapping(
  mapping: ColumnMapping,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(mapping.fields)) {
    const value = readField(spec, values);
    if (value !== undefined) out[field] = value;
  }
  if (mapping.extra) {
    const extra: Record<string, unknown> = {};
    let any = false;
    for (const [name, spec] of Object.entries(mapping.extra)) {
      const value = readField(spec, values);
      if (value !== undefined) {
        extra[name] = value;
        any = true;
      }
    }
    if (any) out.extra = extra;
  }
  return out;
}
