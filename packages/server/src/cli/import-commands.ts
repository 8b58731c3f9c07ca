import { createReadStream, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createAppContext } from '../app/create-app-context.js';
import type { AuditActor } from '../audit/audit-log.js';
import { loadConfig } from '../config/config.js';
import {
  identityMapping,
  loadMapping,
  MappingError,
  shippedMappingNames,
} from '../record-import/column-mapping.js';
import type { RowRejection } from '../record-import/import-summary.js';
import { formatOf, readRecords } from '../record-import/text-records.js';
import { importCovariates } from '../risk/covariate-import.js';
import { importInspections } from '../risk/inspection-import.js';
import { ingestShopListings } from '../shops/shop-listings.js';
import { type CliCommand, CliUsageError } from './cli-command.js';
import { createProgressBar } from './progress-bar.js';

const CLI_ACTOR: AuditActor = { type: 'system', id: 'cli' };

const OPTIONS = {
  mapping: { type: 'string' },
  format: { type: 'string' },
  source: { type: 'string' },
  platform: { type: 'string' },
  dataset: { type: 'string' },
} as const;

/** The file as a stream of chunks, with the progress bar fed by the bytes read. */
function openWithProgress(file: string, label: string) {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CliUsageError(`Cannot read ${file}.`);
  }
  const bar = createProgressBar(label, size);
  let bytes = 0;
  let rows = 0;
  async function* chunks() {
    for await (const chunk of createReadStream(file)) {
      bytes += (chunk as Buffer).byteLength;
      bar.update(bytes, rows);
      yield chunk as Buffer;
    }
  }
  return {
    chunks: chunks(),
    onRows: (n: number) => {
      rows = n;
      bar.update(bytes, n);
    },
    finish: (n: number) => bar.finish(n),
  };
}

function printRejections(rejected: number, byReason: Record<string, number>, listed: RowRejection[]): void {
  if (rejected === 0) return;
  process.stdout.write(`\nrejected ${rejected.toLocaleString('en')} rows:\n`);
  for (const [reason, count] of Object.entries(byReason).sort((a, b) => b[1] - a[1])) {
    process.stdout.write(`  ${String(count).padStart(8)}  ${reason}\n`);
  }
  process.stdout.write('first rejected rows:\n');
  for (const r of listed.slice(0, 20))
    process.stdout.write(`  row ${r.row}: ${r.field ? `${r.field} ` : ''}${r.reason}\n`);
}

function resolveFormat(file: string, given: string | undefined) {
  const format = given ? formatOf(`.${given}`) : formatOf(file);
  if (!format)
    throw new CliUsageError(
      'Cannot tell the format from the file name; pass --format csv or --format ndjson.',
    );
  return format;
}

function mappingFor(name: string | undefined, kind: 'shops' | 'inspections' | 'covariates', source?: string) {
  try {
    return name ? loadMapping(name, kind) : identityMapping(kind, source);
  } catch (error) {
    if (error instanceof MappingError) throw new CliUsageError(error.message);
    throw error;
  }
}

export const importShopsCommand: CliCommand = {
  name: 'import shops',
  summary: 'Load shops from a CSV or NDJSON file (streamed)',
  usage: `ezhili import shops FILE [--mapping M] [--platform P] [--format csv|ndjson]

  --mapping   a shipped mapping (${shippedMappingNames().join(', ')}) or a mapping JSON file;
              without it the columns carry the canonical names (see docs/risk-index.md)
  --platform  the rows are this registered platform's listings (upsert by platformShopId);
              without it they are registry shops (upsert by licenceNumber)

Prints a progress bar on stderr and a summary of rejected rows with reasons.`,
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
    const file = positionals[0];
    if (!file) throw new CliUsageError('Name the file to import.');
    const format = resolveFormat(file, values.format);
    const mapping = mappingFor(values.mapping, 'shops');
    const ctx = await createAppContext(loadConfig());
    try {
      const input = openWithProgress(file, 'shops');
      const result = await ingestShopListings(ctx, readRecords(input.chunks, format, mapping.encoding), {
        platformId: values.platform ?? null,
        mapping,
        actor: CLI_ACTOR,
        onProgress: input.onRows,
      });
      input.finish(result.received);
      process.stdout.write(
        `read ${result.received} rows: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.rejected} rejected\n`,
      );
      printRejections(result.rejected, result.rejectedByReason, result.rejections);
      return 0;
    } finally {
      ctx.db.close();
    }
  },
};

export const importInspectionsCommand: CliCommand = {
  name: 'import inspections',
  summary: 'Load inspection records from a CSV or NDJSON file (streamed)',
  usage: `ezhili import inspections FILE [--mapping M] [--source S] [--format csv|ndjson]

  --mapping   a shipped mapping (${shippedMappingNames().join(', ')}) or a mapping JSON file
  --source    the source name (records are unique per source); default: the mapping's

Streams the file in batches (millions of rows are fine), prints a progress bar on stderr and a
summary of rejected rows with reasons. Importing the same file again adds nothing.`,
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
    const file = positionals[0];
    if (!file) throw new CliUsageError('Name the file to import.');
    const format = resolveFormat(file, values.format);
    const mapping = mappingFor(values.mapping, 'inspections', values.source);
    const ctx = await createAppContext(loadConfig());
    try {
      const input = openWithProgress(file, 'inspections');
      const result = await importInspections(ctx, readRecords(input.chunks, format, mapping.encoding), {
        mapping,
        ...(values.source ? { source: values.source } : {}),
        actor: CLI_ACTOR,
        onProgress: input.onRows,
      });
      input.finish(result.rowsRead);
      process.stdout.write(
        `import ${result.importId} (${result.source}, mapping ${result.mapping}): read ${result.rowsRead} rows, ${result.inserted} inserted, ${result.duplicates} already loaded, ${result.rejected} rejected\n`,
      );
      printRejections(result.rejected, result.rejectedByReason, result.rejections);
      return 0;
    } finally {
      ctx.db.close();
    }
  },
};

export const importCovariatesCommand: CliCommand = {
  name: 'import covariates',
  summary: 'Load a covariate data set keyed by area and date (streamed)',
  usage: `ezhili import covariates FILE [--mapping M] [--dataset D] [--format csv|ndjson]

  --mapping   a mapping JSON file of kind "covariates" (fields dataset, area, date, value);
              without it the columns carry those names
  --dataset   the data set every row belongs to (e.g. sanitation-complaints, temperature)

Rows count for the shops whose area they name (an empty area: everywhere). Model features of
source "covariate" aggregate a data set over a trailing window, point in time (see
docs/risk-index.md). Importing the same file again adds nothing.`,
  async run(args) {
    const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true });
    const file = positionals[0];
    if (!file) throw new CliUsageError('Name the file to import.');
    const format = resolveFormat(file, values.format);
    const mapping = mappingFor(values.mapping, 'covariates');
    const ctx = await createAppContext(loadConfig());
    try {
      const input = openWithProgress(file, 'covariates');
      const result = await importCovariates(ctx, readRecords(input.chunks, format, mapping.encoding), {
        mapping,
        ...(values.dataset ? { dataset: values.dataset } : {}),
        actor: CLI_ACTOR,
        onProgress: input.onRows,
      });
      input.finish(result.rowsRead);
      process.stdout.write(
        `import ${result.importId} (${result.datasets.join(', ')}): read ${result.rowsRead} rows, ${result.inserted} inserted, ${result.duplicates} already loaded, ${result.rejected} rejected\n`,
      );
      printRejections(result.rejected, result.rejectedByReason, result.rejections);
      return 0;
    } finally {
      ctx.db.close();
    }
  },
};
