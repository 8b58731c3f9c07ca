import { EzhiliError, type EzhiliErrorInit } from './ezhili-error.js';

/** 429: too many requests. */
export class EzhiliRateLimitError extends EzhiliError {
  override name = 'EzhiliRateLimitError';
  /** Seconds the server asked to wait (`Retry-After`), when it said. */
  readonly retryAfter: number | undefined;

  constructor(init: EzhiliErrorInit & { retryAfter?: number | undefined }) {
    super(init);
    this.retryAfter = init.retryAfter;
  }
}
