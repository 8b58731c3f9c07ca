import type { Schema } from '@ezhili/contract';

export type Problem = Schema<'Problem'>;
export type FieldError = Schema<'ProblemFieldError'>;

/** The prefix of every problem's `type`: `${PROBLEM_TYPE_BASE}<code>`. */
export const PROBLEM_TYPE_BASE = 'https://ezhili.org/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export interface ProblemInit {
  /** A stable machine-readable code; also the last segment of the problem `type`. */
  code: string;
  detail?: string;
  title?: string;
  errors?: FieldError[];
  /** Extra response headers, e.g. Retry-After. */
  headers?: Record<string, string>;
  /** Extension members; must never carry personal data. */
  extensions?: Record<string, unknown>;
}

/**
 * The one error type of the server: everything a client should see is thrown as a
 * ProblemError and rendered as RFC 9457 `application/problem+json`.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(status: number, init: ProblemInit) {
    super(init.detail ?? init.code);
    this.name = 'ProblemError';
    this.status = status;
    this.code = init.code;
    this.title = init.title ?? TITLES[status] ?? 'Error';
    this.detail = init.detail;
    this.errors = init.errors;
    this.headers = init.headers ?? {};
    this.extensions = init.extensions ?? {};
  }

  toProblem(requestId?: string, instance?: string): Problem {
    return {
      ...this.extensions,
      type: problemType(this.code),
      title: this.title,
      status: this.status,
      code: this.code,
      ...(this.detail !== undefined && { detail: this.detail }),
      ...(instance !== undefined && { instance }),
      ...(requestId !== undefined && { requestId }),
      ...(this.errors !== undefined && { errors: this.errors }),
    };
  }
}

export function problemType(code: string): string {
  return PROBLEM_TYPE_BASE + code;
}

// Short constructors for the common cases, so call sites read as sentences.
export const badRequest = (code: string, detail: string, errors?: FieldError[]) =>
  new ProblemError(400, { code, detail, ...(errors && { errors }) });
export const validationFailed = (errors: FieldError[], detail = 'The request does not match the contract.') =>
  new ProblemError(400, { code: 'validation', detail, errors });
export const unauthorized = (detail = 'Authentication is required.', code = 'unauthenticated') =>
  new ProblemError(401, { code, detail });
export const forbidden = (detail = 'Your roles do not allow this operation.', code = 'forbidden') =>
  new ProblemError(403, { code, detail });
export const notFound = (detail = 'No such resource.', code = 'not_found') =>
  new ProblemError(404, { code, detail });
export const conflict = (code: string, detail: string) => new ProblemError(409, { code, detail });
export const unprocessable = (code: string, detail: string, errors?: FieldError[]) =>
  new ProblemError(422, { code, detail, ...(errors && { errors }) });
export const tooManyRequests = (retryAfterSeconds: number, detail = 'Too many attempts; try again later.') =>
  new ProblemError(429, {
    code: 'rate_limited',
    detail,
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });
