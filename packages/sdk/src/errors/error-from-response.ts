import { parseRetryAfter } from '../core/retry.js';
import { EzhiliAuthenticationError } from './ezhili-authentication-error.js';
import { EzhiliConflictError } from './ezhili-conflict-error.js';
import { EzhiliError, type EzhiliErrorInit, type Problem } from './ezhili-error.js';
import { EzhiliNotFoundError } from './ezhili-not-found-error.js';
import { EzhiliPermissionError } from './ezhili-permission-error.js';
import { EzhiliRateLimitError } from './ezhili-rate-limit-error.js';
import { EzhiliServerError } from './ezhili-server-error.js';
import { EzhiliValidationError } from './ezhili-validation-error.js';

export interface ErrorResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body, or the text when it was not JSON, or undefined when empty. */
  body: unknown;
  idempotencyKey?: string | undefined;
}

/**
 * Maps an error response to the matching EzhiliError subclass. A problem document supplies
 * code, message and requestId; anything else (a proxy's HTML page, an empty body) still
 * yields an error of the right class with a message naming the status.
 */
export function errorFromResponse(response: ErrorResponse, now: () => number = Date.now): EzhiliError {
  const { status, headers } = response;
  const problem = asProblem(response.body);
  const init: EzhiliErrorInit = {
    message: problemMessage(problem) ?? fallbackMessage(status, response.body),
    status,
    code: problem?.code ?? codeFromType(problem?.type),
    requestId: problem?.requestId ?? headers.get('x-request-id') ?? undefined,
    problem,
    headers,
    idempotencyKey: response.idempotencyKey,
  };
  switch (status) {
    case 400:
    case 422:
      return new EzhiliValidationError(init);
    case 401:
      return new EzhiliAuthenticationError(init);
    case 403:
      return new EzhiliPermissionError(init);
    case 404:
      return new EzhiliNotFoundError(init);
    case 409:
      return new EzhiliConflictError(init);
    case 429: {
      const delay = parseRetryAfter(headers.get('retry-after'), now());
      return new EzhiliRateLimitError({
        ...init,
        retryAfter: delay === undefined ? undefined : Math.ceil(delay / 1000),
      });
    }
    default:
      return status >= 500 ? new EzhiliServerError(init) : new EzhiliError(init);
  }
}

function asProblem(body: unknown): Problem | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const candidate = body as Record<string, unknown>;
  // `title` or `type` is enough to call it a problem; status is optional in RFC 9457.
  if (typeof candidate['title'] !== 'string' && typeof candidate['type'] !== 'string') return undefined;
  return candidate as Problem;
}

function problemMessage(problem: Problem | undefined): string | undefined {
  if (problem === undefined) return undefined;
  if (typeof problem.detail === 'string' && problem.detail !== '') return problem.detail;
  if (typeof problem.title === 'string' && problem.title !== '') return problem.title;
  return undefined;
}

function codeFromType(type: string | undefined): string | undefined {
  if (type === undefined || type === 'about:blank') return undefined;
  return type.slice(type.lastIndexOf('/') + 1) || undefined;
}

function fallbackMessage(status: number, body: unknown): string {
  if (typeof body === 'string' && body.trim() !== '') {
    // A short plain-text reason is worth showing; an HTML error page is not.
    const text = body.trim();
    if (!text.startsWith('<') && text.length <= 200) return `HTTP ${status}: ${text}`;
  }
  if (typeof body === 'object' && body !== null) {
    const message =
      (body as Record<string, unknown>)['message'] ?? (body as Record<string, unknown>)['error'];
    if (typeof message === 'string' && message !== '') return `HTTP ${status}: ${message}`;
  }
  return `HTTP ${status}`;
}
