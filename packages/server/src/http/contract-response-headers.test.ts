import type { OperationId } from '@ezhili/contract';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../logging/logger.js';
import type { AppContext } from './app-context.js';
import type { AppEnv } from './app-env.js';
import {
  contractResponseHeaders,
  declaredResponseHeaders,
  undeclaredHeaders,
} from './contract-response-headers.js';

const declared = declaredResponseHeaders();
const check = (operationId: OperationId, status: number, headers: Record<string, string>) =>
  undeclaredHeaders(declared, operationId, status, new Headers(headers));

describe('the declared response headers', () => {
  it("are each operation's and status's own, looked up as the response validators do", () => {
    const download = {
      'Content-Type': 'image/jpeg',
      'Content-Disposition': 'attachment; filename="evd_1"',
      'Cache-Control': 'no-store',
      'Ezhili-Evidence-Sha256': 'ab',
      'X-Request-Id': 'r1',
    };
    expect(check('getEvidenceFile', 200, download)).toEqual([]);
    // The same headers on an operation that declares no download are reported, by name.
    expect(check('listCases', 200, download)).toEqual([
      'cache-control',
      'content-disposition',
      'ezhili-evidence-sha256',
    ]);
    // A 409 falls back to the operation's 4XX response, which declares Retry-After.
    expect(check('submitTip', 409, { 'Retry-After': '1', 'X-Request-Id': 'r1' })).toEqual([]);
  });

  it('leave out transport, CORS and the security headers of every response', () => {
    expect(
      check('getHealth', 200, {
        'Content-Type': 'application/json',
        'Content-Length': '2',
        Vary: 'Origin',
        'Access-Control-Allow-Origin': '*',
        'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
        'X-Content-Type-Options': 'nosniff',
        'X-Frame-Options': 'SAMEORIGIN',
        'Referrer-Policy': 'no-referrer',
      }),
    ).toEqual([]);
  });

  it("let staff operations carry the console session's expiry, and no one else", () => {
    expect(check('listCases', 200, { 'Ezhili-Session-Expires-In': '900' })).toEqual([]);
    expect(check('getTip', 200, { 'Ezhili-Session-Expires-In': '900' })).toEqual([
      'ezhili-session-expires-in',
    ]);
  });
});

describe('the response header check', () => {
  function app(validateResponses: boolean) {
    const { logger, lines } = createMemoryLogger();
    const ctx = { config: { validateResponses }, logger } as unknown as AppContext;
    const hono = new Hono<AppEnv>();
    hono.use(async (c, next) => {
      c.set('ctx', ctx);
      c.set('requestId', 'req-1');
      await next();
    });
    hono.use(contractResponseHeaders());
    hono.get('/healthz', (c) => {
      c.set('operationId', 'getHealth');
      return c.json({ status: 'ok' }, 200, { 'X-Surprise': 'yes', 'X-Request-Id': 'req-1' });
    });
    hono.get('/page', (c) => c.html('<p>not an operation</p>', 200, { 'X-Surprise': 'yes' }));
    return { hono, lines };
  }

  it('turns an undeclared header into a 500 contract_violation naming it, and logs it', async () => {
    const { hono, lines } = app(true);
    const response = await hono.request('/healthz');
    expect(response.status).toBe(500);
    expect(response.headers.get('x-surprise')).toBeNull();
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(await response.json()).toMatchObject({
      code: 'contract_violation',
      detail: expect.stringContaining('getHealth 200: undeclared response header x-surprise'),
    });
    expect(lines.join('\n')).toContain('undeclared response header x-surprise');
  });

  it('leaves pages that are no operation alone, and everything when responses are not validated', async () => {
    expect((await app(true).hono.request('/page')).status).toBe(200);
    const unchecked = await app(false).hono.request('/healthz');
    expect(unchecked.status).toBe(200);
    expect(unchecked.headers.get('x-surprise')).toBe('yes');
  });
});
