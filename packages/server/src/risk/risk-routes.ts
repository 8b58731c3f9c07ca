import type { AuditActor } from '../audit/audit-log.js';
import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { badRequest, ProblemError } from '../problem/problem-error.js';
import { type ColumnMapping, identityMapping, loadMapping, MappingError } from './column-mapping.js';
import { importInspections } from './inspection-import.js';
import { createRiskBacktest } from './risk-backtest.js';
import { getRiskModel, putRiskModel } from './risk-model.js';
import { createRiskRun, getRiskRun, getShopRisk, listShopRisks } from './risk-runs.js';
import { readRiskSettings } from './risk-settings.js';
import { formatOf, readRecords } from './text-records.js';

/** Inspection files are streamed, so they may be large. */
const MAX_IMPORT_BYTES = 2 * 1024 * 1024 * 1024;

// Who does what: admins own the model and backtests; the enforcement detachment (and admins)
// run scoring and dispatch leads; intake and admins load inspection records; every regulator
// role that handles shops reads risks (district handlers only their own district).
const READERS = ['admin', 'intake', 'district_handler', 'detachment_handler'] as const;

export function registerRiskRoutes(router: OperationRouter, ctx: AppContext): void {
  // Read at start-up, so a bad RISK_RUN_WORKERS stops the start instead of failing a run.
  const settings = readRiskSettings(ctx.config.rawEnv);
  const staffActor = (c: { get(key: 'staff'): { id: string } }): AuditActor => ({
    type: 'staff',
    id: c.get('staff').id,
  });

  router.handle(
    'importInspections',
    async (c, { query }) => {
      const format = formatOf(c.req.header('content-type') ?? '');
      if (!format || c.req.raw.body === null)
        throw badRequest('body_required', 'Send the records as text/csv or application/x-ndjson.');
      let mapping: ColumnMapping;
      try {
        mapping = query.mapping ? loadMapping(query.mapping, 'inspections') : identityMapping('inspections');
      } catch (error) {
        if (error instanceof MappingError) throw badRequest('unknown_mapping', error.message);
        throw error;
      }
      const result = await importInspections(
        ctx,
        readRecords(limitBytes(c.req.raw.body, MAX_IMPORT_BYTES), format, mapping.encoding),
        {
          mapping,
          ...(query.source ? { source: query.source } : {}),
          actor: staffActor(c),
        },
      );
      return c.json(result, 201);
    },
    {
      before: [requireStaff('admin', 'intake')],
      maxBodyBytes: MAX_IMPORT_BYTES,
      streamedBody: true,
      idempotency: 'key',
    },
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
