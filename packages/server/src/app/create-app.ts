import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { isConsoleApiRequest, stripConsoleApiPrefix } from '../auth/console-session.js';
import { indexOperations } from '../contract/operation-index.js';
import type { AppContext } from '../http/app-context.js';
import type { AppEnv } from '../http/app-env.js';
import { contractResponseHeaders } from '../http/contract-response-headers.js';
import { OperationRouter } from '../http/operation-router.js';
import { requestLogger } from '../http/request-logger.js';
import { closeAfterUnreadBody } from '../http/unread-body.js';
import { notFound, ProblemError } from '../problem/problem-error.js';
import { problemResponse, toProblemError } from '../problem/problem-response.js';
import { mountContractDocuments } from '../system/system-routes.js';
import { SERVER_MODULES } from './modules.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const routedPath = new Hono().getPath;

/** Builds the Hono app: shared middleware, every module's routes, problem-details errors. */
export function createApp(ctx: AppContext): Hono<AppEnv> {
  // The console calls the same operations under /console/api (where its cookie is scoped): the
  // prefix is taken off before routing, so every route, check and log sees the canonical path.
  const app = new Hono<AppEnv>({
    getPath: (request, options) => stripConsoleApiPrefix(routedPath(request, options)),
  });

  app.use(
    requestId({
      headerName: 'X-Request-Id',
      generator: () => crypto.randomUUID(),
      limitLength: 128,
    }),
  );
  app.use(async function attachContext(c, next) {
    if (!REQUEST_ID.test(c.get('requestId'))) c.set('requestId', crypto.randomUUID());
    c.set('ctx', ctx);
    await next();
  });
  app.use(contractResponseHeaders());
  app.use(requestLogger(ctx.logger));
  app.use(closeAfterUnreadBody);
  app.use(secureHeaders({ crossOriginResourcePolicy: false, crossOriginOpenerPolicy: false }));
  // Browser clients (the SDK in partner apps) authenticate with bearer tokens, never cookies, so
  // allowing origins exposes nothing a script could not already send; a list narrows it. The
  // console's cookie API (/console/api) is same-origin only: no CORS answer at all there.
  const corsForApi = cors({
    origin: ctx.config.corsOrigins.includes('*') ? '*' : ctx.config.corsOrigins,
    allowHeaders: [
      'Authorization',
      'Content-Type',
      'Idempotency-Key',
      'Ezhili-Client',
      'X-Request-Id',
      'Ezhili-Identity-Code',
      'Ezhili-Receipt-Secret',
      'Ezhili-Signature',
    ],
    exposeHeaders: ['X-Request-Id', 'Retry-After', 'Idempotent-Replayed', 'Location'],
    maxAge: 600,
  });
  app.use((c, next) => (isConsoleApiRequest(c) ? next() : corsForApi(c, next)));

  mountContractDocuments(app);
  const router = new OperationRouter(ctx);
  for (const module of SERVER_MODULES) module.routes?.(router, ctx);
  router.mount(app);
  for (const module of SERVER_MODULES) module.documents?.(app, ctx, router.registered);

  // Compiled once: a 404 stays cheap with every operation's path to compare against.
  const mounted = [...indexOperations().values()]
    .filter((entry) => router.registered.includes(entry.operationId))
    .map((entry) => ({ method: entry.method.toUpperCase(), pattern: pathPattern(entry.path) }));
  app.notFound((c) => {
    const allowed = mounted.filter((entry) => entry.pattern.test(c.req.path)).map((entry) => entry.method);
    if (allowed.length > 0) {
      return problemResponse(
        c,
        new ProblemError(405, {
          code: 'method_not_allowed',
          detail: `${c.req.method} is not allowed here; use ${allowed.join(', ')}.`,
          headers: { Allow: allowed.join(', ') },
        }),
      );
    }
    return problemResponse(c, notFound(`No operation at ${c.req.method} ${c.req.path}.`, 'route_not_found'));
  });

  app.onError((error, c) => {
    const problem = toProblemError(error);
    if (problem.status >= 500) {
      ctx.logger.error('request failed', {
        requestId: c.get('requestId'),
        route: c.req.routePath,
        errorName: error instanceof ProblemError ? error.code : error.name,
      });
      if (ctx.config.env !== 'production' && !(error instanceof ProblemError)) {
        // The stack goes to stderr for developers, never into the response.
        console.error(error);
      }
    }
    return problemResponse(c, problem);
  });

  return app;
}

function pathPattern(path: string): RegExp {
  const parts = path.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}/?$`);
}
