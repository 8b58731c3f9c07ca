import { Readable } from 'node:stream';
import { requireStaff } from '../auth/require-staff.js';
import type { AppContext } from '../http/app-context.js';
import type { OperationRouter } from '../http/operation-router.js';
import { createUnsealService } from './unseal-service.js';

export function registerUnsealRoutes(router: OperationRouter, ctx: AppContext): void {
  const unseal = createUnsealService(ctx);
  const noStore = { 'Cache-Control': 'no-store' };

  router.handle(
    'createUnsealRequest',
    async (c, { body }) => c.json(await unseal.create(c.get('staff'), body), 201, noStore),
    { before: [requireStaff('auditor', 'admin')] },
  );

  router.handle(
    'submitUnsealShare',
    async (c, { params, body }) =>
      c.json(await unseal.submitShare(params.unsealRequestId, c.get('staff'), body.share), 200),
    { before: [requireStaff('auditor')] },
  );

  router.handle(
    'openUnsealedOriginal',
    async (c, { params }) => {
      const original = await unseal.openOriginal(
        params.unsealRequestId,
        c.get('staff'),
        c.req.header('ezhili-unseal-key') ?? '',
      );
      return new Response(Readable.toWeb(original.stream) as ReadableStream, {
        status: 200,
        headers: {
          ...noStore,
          'Content-Type': original.contentType,
          'Content-Length': String(original.size),
          'Content-Disposition': `attachment; filename="${params.unsealRequestId}"`,
          'Ezhili-Original-Sha256': original.sha256,
        },
      });
    },
    { before: [requireStaff('auditor', 'admin')] },
  );

  router.handle(
    'getUnsealRequest',
    async (c, { params }) =>
      c.json(
        await unseal.get(params.unsealRequestId, c.get('staff'), c.req.header('ezhili-unseal-key')),
        200,
        noStore,
      ),
    { before: [requireStaff('auditor', 'admin')] },
  );
}
