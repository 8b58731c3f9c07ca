import type { AuditActor } from '../audit/audit-log.js';
import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { badRequest, ProblemError } from '../problem/problem-error.js';
import {
  type ColumnMapping,
  identityMapping,
  loadMapping,
  MappingError,
} from '../record-import/column-mapping.js';
import { formatOf, readRecords } from '../record-import/text-records.js';
import { importCovariates } from './covariate-import.js';
import { importInspections } from './inspection-import.js';
import { createRiskBacktest } from './risk-backtest.js';
import { exportBacktestScores, getRiskBacktest, listRiskBacktests } from './risk-backtest-store.js';
import { getRiskModel, putRiskModel } from './risk-model.js';
import { createRiskRun, getRiskRun, getShopRisk, listShopRisks } from './risk-runs.js';
import { RISK_SETTINGS } from './risk-settings.js';

/** Inspection files are streamed, so they may be large. */
const MAX_IMPORT_BYTES = 2 * 1024 * 1024 * 1024;

// Who does what: admins own the model and backtests; the enforcement detachment (and admins)
// run scoring and dispatch leads; intake and admins load inspection records; every regulator
// role that handles shops reads risks (district handlers only their own district).
const READERS = ['admin', 'intake', 'district_handler', 'detachment_handler'] as const;

export function registerRiskRoutes(router: OperationRouter, ctx: AppContext): void {
  // Read at start-up, so a bad RISK_RUN_WORKERS stops the start instead of failing a run.
  const settings = ctx.settings.of(RISK_SETTINGS);
  const staffActor = (c: { get(key: 'staff'): { id: string } }): AuditActor => ({
    type: 'staff',
    id: c.get('staff').id,
  });

  // Imports stream their bodies: intake officers and admins load the records they receive.
  const importOptions = {
    before: [requireStaff('admin', 'intake')],
    maxBodyBytes: MAX_IMPORT_BYTES,
    streamedBody: true,
    idempotency: 'key' as const,
  };

  router.handle(
    'importInspections',
    async (c, { query }) => {
      const { mapping, records } = importBody(c.req.raw, query.mapping, 'inspections');
      const result = await importInspections(ctx, records, {
        mapping,
        ...(query.source ? { source: query.source } : {}),
        actor: staffActor(c),
      });
      return c.json(result, 201);
    },
    importOptions,
  );

  router.handle(
    'importRiskCovariates',
    async (c, { query }) => {
      const { mapping, records } = importBody(c.req.raw, query.mapping, 'covariates');
      const result = await importCovariates(ctx, records, {
        mapping,
        ...(query.dataset ? { dataset: query.dataset } : {}),
        actor: staffActor(c),
      });
      return c.json(result, 201);
    },
    importOptions,
  );

  router.handle(
    'getRiskModel',
    async (c, { query }) => c.json(await getRiskModel(ctx.db, query.version), 200),
    {
      before: [requireStaff(...READERS)],
    },
  );

  router.handle(
    'putRiskModel',
    async (c, { body }) => {
      const { model, created } = await putRiskModel(ctx, body, staffActor(c));
      return c.json(model, created ? 201 : 200);
    },
    { before: [requireStaff('admin')] },
  );

  router.handle(
    'createRiskRun',
    async (c, { body }) => {
      const run = await createRiskRun(ctx, body ?? {}, staffActor(c), { workers: settings.runWorkers });
      return c.json(run, 201);
    },
    { before: [requireStaff('admin', 'detachment_handler')] },
  );

  router.handle('getRiskRun', async (c, { params }) => c.json(await getRiskRun(ctx.db, params.runId), 200), {
    before: [requireStaff(...READERS)],
  });

  router.handle(
    'listShopRisks',
    async (c, { query }) => c.json(await listShopRisks(ctx.db, query, c.get('staff')), 200),
    { before: [requireStaff(...READERS)] },
  );

  router.handle(
    'getShopRisk',
    async (c, { params, query }) =>
      c.json(await getShopRisk(ctx.db, params.shopId, query.runId, c.get('staff')), 200),
    { before: [requireStaff(...READERS)] },
  );

  router.handle(
    'createRiskBacktest',
    async (c, { body }) => c.json(await createRiskBacktest(ctx, body, staffActor(c)), 201),
    { before: [requireStaff('admin')] },
  );

  router.handle(
    'listRiskBacktests',
    async (c, { query }) => c.json(await listRiskBacktests(ctx.db, query), 200),
    {
      before: [requireStaff('admin')],
    },
  );

  router.handle(
    'getRiskBacktest',
    async (c, { params }) => c.json(await getRiskBacktest(ctx.db, params.backtestId), 200),
    { before: [requireStaff('admin')] },
  );

  router.handle(
    'exportRiskBacktestScores',
    async (_c, { params, query }) => {
      const format = query.format ?? 'csv';
      const lines = exportBacktestScores(ctx.db, params.backtestId, format);
      // The first chunk (the header, or the first page) is read before answering, so that a
      // missing backtest is a 404 problem rather than a broken stream.
      const first = await lines.next();
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          if (!first.done) controller.enqueue(encoder.encode(first.value));
        },
        async pull(controller) {
          const next = await lines.next();
          if (next.done) controller.close();
          else controller.enqueue(encoder.encode(next.value));
        },
      });
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
          'content-disposition': `attachment; filename="${params.backtestId}-scores.${format === 'csv' ? 'csv' : 'ndjson'}"`,
        },
      });
    },
    { before: [requireStaff('admin')] },
  );
}

/** A streamed import body's records, read through the named mapping (or the canonical columns). */
function importBody(request: Request, mappingName: string | undefined, kind: 'inspections' | 'covariates') {
  const format = formatOf(request.headers.get('content-type') ?? '');
  if (!format || request.body === null)
    throw badRequest('body_required', 'Send the rows as text/csv or application/x-ndjson.');
  let mapping: ColumnMapping;
  try {
    mapping = mappingName ? loadMapping(mappingName, kind) : identityMapping(kind);
  } catch (error) {
    if (error instanceof MappingError) throw badRequest('unknown_mapping', error.message);
    throw error;
  }
  return {
    mapping,
    records: readRecords(limitBytes(request.body, MAX_IMPORT_BYTES), format, mapping.encoding),
  };
}

/** Counts a streamed body and stops it with a 413 past `max` (chunked bodies declare no length). */
async function* limitBytes(body: ReadableStream<Uint8Array>, max: number): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.byteLength;
    if (total > max) {
      throw new ProblemError(413, {
        code: 'payload_too_large',
        detail: 'The request body is larger than this operation accepts.',
      });
    }
    yield chunk;
  }
}
