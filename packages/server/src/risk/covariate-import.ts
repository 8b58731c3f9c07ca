import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import { sha256Hex } from '../crypto/hashing.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { applyMapping, type ColumnMapping } from '../record-import/column-mapping.js';
import { optionalText, RejectionLog, RowProblem, readInBatches } from '../record-import/import-summary.js';
import { dayNumber } from '../record-import/record-dates.js';
import type { TextRecord } from '../record-import/text-records.js';

export type CovariateImportResult = Schema<'CovariateImportResult'>;

const BATCH_SIZE = 5000;
const DATASET = /^[a-z0-9-]{1,64}$/;

/**
 * Loads covariate rows (a data set's value for an area on a day: complaints, sanitation
 * requests, weather) in batches. A row without an area counts everywhere (`*`). Rows are keyed
 * by data set, area, day and their own content, so importing a file again adds nothing; several
 * rows of one area and day add up when a feature sums them.
 */
export async function importCovariates(
  ctx: AppContext,
  records: AsyncIterable<TextRecord>,
  options: {
    mapping: ColumnMapping;
    dataset?: string;
    actor: AuditActor;
    onProgress?: (rows: number) => void;
  },
): Promise<CovariateImportResult> {
  const importId = newId('cov', ctx.clock.now());
  const rejections = new RejectionLog();
  let inserted = 0;
  const datasets = new Set<string>();
  const rowsRead = await readInBatches(
    records,
    rejections,
    BATCH_SIZE,
    (_row, raw) => {
      const values = applyMapping(options.mapping, raw);
      const dataset = options.dataset ?? optionalText(values.dataset, 'dataset', 64);
      if (!dataset || !DATASET.test(dataset))
        throw new RowProblem('dataset', 'must be lowercase letters, digits and dashes');
      const day = values.date === undefined ? undefined : dayNumber(String(values.date));
      if (day === undefined)
        throw new RowProblem('date', 'is not a calendar date (YYYY-MM-DD after mapping)');
      const value = values.value === undefined ? 1 : Number(values.value);
      if (!Number.isFinite(value)) throw new RowProblem('value', 'must be a number');
      const area = optionalText(values.area, 'area', 64) ?? '*';
      datasets.add(dataset);
      // The row's whole content is its key: a re-import adds nothing, while two complaints of
      // one area and day stay apart by their own ids (a source without ids repeats no row).
      return [dataset, area, day, value, sha256Hex(JSON.stringify(raw))];
    },
    async (batch, read) => {
      const result = await ctx.db.execute({
        sql: `INSERT INTO risk_covariates (dataset, area, day, value, source_row, import_id)
              SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, ?2 FROM json_each(?1) j WHERE true
              ON CONFLICT DO NOTHING`,
        args: [JSON.stringify(batch), importId],
      });
      inserted += result.rowsAffected;
      options.onProgress?.(read);
    },
  );
  const summary: CovariateImportResult = {
    importId,
    datasets: [...datasets].sort(),
    rowsRead,
    inserted,
    duplicates: rowsRead - rejections.count - inserted,
    rejected: rejections.count,
    rejectedByReason: rejections.byReason,
    rejections: rejections.listed,
  };
  await ctx.audit.append({
    actor: options.actor,
    action: 'risk.covariates.import',
    subject: { type: 'covariate_import', id: importId },
    details: { datasets: summary.datasets, rowsRead, inserted, rejected: rejections.count },
  });
  return summary;
}
