import { openapiDocument, openapiYaml } from '@ezhili/contract';
import type { Hono } from 'hono';
import { isDatabaseReachable } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import type { AppEnv } from '../http/app-env.js';
import type { OperationRouter } from '../http/operation-router.js';
import { SERVER_VERSION } from '../version.js';
import { mountApiReference } from './api-reference.js';

export function registerSystemRoutes(router: OperationRouter, ctx: AppContext): void {
  router.handle('getHealth', async (c) => {
    const reachable = await isDatabaseReachable(ctx.db);
    return c.json(
      {
        status: reachable ? ('ok' as const) : ('degraded' as const),
        database: reachable ? ('ok' as const) : ('unreachable' as const),
        version: SERVER_VERSION,
        time: ctx.clock.now().toISOString(),
      },
      reachable ? 200 : 503,
    );
  });

  // The contract itself, described in it (getContract, getContractYaml).
  router.handle('getContract', (c) => c.json(openapiDocument as never, 200));
  router.handle('getContractYaml', (c) =>
    c.body(openapiYaml, 200, { 'Content-Type': 'application/yaml; charset=utf-8' }),
  );

  router.handle('getJwks', (c) => {
    c.header('Cache-Control', 'public, max-age=300');
    return c.json(ctx.keys.jwks() as never, 200);
  });
}

/**
 * The contract's interactive reference at /docs, served from this server's own files
 * (`api-reference.ts`); the documents themselves are the operations getContract/getContractYaml.
 */
export function mountContractDocuments(app: Hono<AppEnv>): void {
  mountApiReference(app);
}
