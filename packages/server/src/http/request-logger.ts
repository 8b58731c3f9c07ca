import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logging/logger.js';
import type { AppEnv } from './app-env.js';

/**
 * One log line per request: id, method, route pattern (not the concrete path, which may hold
 * identity codes), status, duration. No query strings, headers or bodies.
 */
export function requestLogger(logger: Logger): MiddlewareHandler<AppEnv> {
  return async function logRequest(c, next) {
    const started = performance.now();
    await next();
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    });
  };
}
