import type { Schema } from '@ezhili/contract';

/** An RFC 9457 problem document as the ezhili server sends it. */
export type Problem = Schema<'Problem'>;

export interface EzhiliErrorInit {
  message: string;
  status?: number | undefined;
  code?: string | undefined;
  requestId?: string | undefined;
  problem?: Problem | undefined;
  headers?: Headers | undefined;
  idempotencyKey?: string | undefined;
  cause?: unknown;
}

/**
 * The base of every error the SDK throws, so one `instanceof EzhiliError` catches them all.
 * `status` is undefined when no response arrived (see EzhiliConnectionError); `requestId` is
 * what to quote to the operator of the server.
 */
export class EzhiliError extends Error {
  // Set as a field, not from the constructor's name, so it survives minifiers in browser bundles.
  override name = 'EzhiliError';
  readonly status: number | undefined;
  /** The problem's stable machine-readable code, e.g. `validation`, `not_found`. */
  readonly code: string | undefined;
  /** The server's `X-Request-Id` for this request (from the problem or the header). */
  readonly requestId: string | undefined;
  /** The problem document as received; undefined when the body was not a problem. */
  readonly problem: Problem | undefined;
  /** The response headers; undefined when no response arrived. */
  readonly headers: Headers | undefined;
  /** The Idempotency-Key the request carried: retry with it to be sure a POST happens once. */
  readonly idempotencyKey: string | undefined;

  constructor(init: EzhiliErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.problem = init.problem;
    this.headers = init.headers;
    this.idempotencyKey = init.idempotencyKey;
  }
}
