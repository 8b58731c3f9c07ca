import { type OpenApiDocument, type OperationId, openapiDocument } from '@ezhili/contract';
import type { MiddlewareHandler } from 'hono';
import { escapePointer, indexOperations, resolveRef } from '../contract/operation-index.js';
import { ProblemError } from '../problem/problem-error.js';
import { problemResponse } from '../problem/problem-response.js';
import type { AppEnv } from './app-env.js';

/**
 * Headers no operation declares, because they say nothing about the operation (the contract's
 * `info.description` names them once): HTTP framing and caching variance, CORS (answered for any
 * operation when an `Origin` is allowed), and the security headers the app shell puts on every
 * response (hono/secure-headers), which browsers act on and integrators can ignore.
 */
export const UNDECLARED_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'content-type',
  'content-length',
  'content-encoding',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'vary',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
]);

/**
 * Declared once, by the `consoleSession` security scheme, for every cookie-authenticated answer:
 * every staff operation (`staffBearer`) also takes the console's cookie under /console/api.
 */
const CONSOLE_SESSION_HEADER = 'ezhili-session-expires-in';

/** Each operation's declared response headers (lower case) by status key (`200`, `4XX`, `default`). */
export type DeclaredHeaders = Map<OperationId, Map<string, Set<string>>>;

export function declaredResponseHeaders(document: OpenApiDocument = openapiDocument): DeclaredHeaders {
  const declared: DeclaredHeaders = new Map();
  for (const entry of indexOperations(document).values()) {
    const byStatus = new Map<string, Set<string>>();
    const security = (entry.operation.security ?? document.security ?? []) as Array<Record<string, unknown>>;
    const cookie = security.some(
      (alternative) => 'consoleSession' in alternative || 'staffBearer' in alternative,
    );
    const responses = (entry.operation.responses ?? {}) as Record<string, unknown>;
    for (const [status, response] of Object.entries(responses)) {
      const resolved = resolveRef(document, response, `${entry.pointer}/responses/${escapePointer(status)}`);
      const names = new Set(Object.keys(resolved.value.headers ?? {}).map((name) => name.toLowerCase()));
      if (cookie) names.add(CONSOLE_SESSION_HEADER);
      byStatus.set(status, names);
    }
    declared.set(entry.operationId, byStatus);
  }
  return declared;
}

/** The header names of a response that its operation and status do not declare. */
export function undeclaredHeaders(
  declared: DeclaredHeaders,
  operationId: OperationId,
  status: number,
  headers: Headers,
): string[] {
  const byStatus = declared.get(operationId);
  const names =
    byStatus?.get(String(status)) ?? byStatus?.get(`${String(status)[0]}XX`) ?? byStatus?.get('default');
  const undeclared: string[] = [];
  for (const name of headers.keys()) {
    if (!UNDECLARED_RESPONSE_HEADERS.has(name) && !names?.has(name)) undeclared.push(name);
  }
  return undeclared;
}

/**
 * Every response header an operation sends is declared in the contract for that status (issue 13):
 * checked on the final response, after every middleware has added its own, whenever responses are
 * validated (`VALIDATE_RESPONSES`, always on in tests). An undeclared header turns the answer into
 * a 500 `contract_violation`, so the test that sent the request fails and names the header.
 */
export function contractResponseHeaders(): MiddlewareHandler<AppEnv> {
  const declared = declaredResponseHeaders();
  return async function checkResponseHeaders(c, next) {
    await next();
    const operationId = c.get('operationId');
    if (!operationId || !c.get('ctx').config.validateResponses) return;
    const undeclared = undeclaredHeaders(declared, operationId, c.res.status, c.res.headers);
    if (undeclared.length === 0) return;
    const reason = `undeclared response header ${undeclared.join(', ')}`;
    c.get('ctx').logger.error('response does not match the contract', {
      route: operationId,
      status: c.res.status,
      errorName: reason,
    });
    const status = c.res.status;
    await c.res.body?.cancel();
    // Assigning over a response merges its headers into the new one; drop it first.
    c.res = undefined;
    c.res = problemResponse(
      c,
      new ProblemError(500, {
        code: 'contract_violation',
        detail: `The server's response broke its contract (${operationId} ${status}: ${reason}).`,
      }),
    );
  };
}
