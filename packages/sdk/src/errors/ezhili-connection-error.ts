import { EzhiliError, type EzhiliErrorInit } from './ezhili-error.js';

/**
 * No response arrived: the connection failed or the request timed out (after the automatic
 * retries). `status` is undefined and `cause` holds the underlying error. A POST may or may
 * not have been applied; retry it with the same `idempotencyKey` to be sure it happens once.
 */
export class EzhiliConnectionError extends EzhiliError {
  override name = 'EzhiliConnectionError';
  /** True when the request was cut off by the client's `timeout`. */
  readonly timedOut: boolean;

  constructor(init: Pick<EzhiliErrorInit, 'message' | 'cause' | 'idempotencyKey'> & { timedOut: boolean }) {
    super(init);
    this.timedOut = init.timedOut;
  }
}
