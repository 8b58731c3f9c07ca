import { EzhiliError } from './ezhili-error.js';

/** 409: the request conflicts with the current state, or an Idempotency-Key was reused with a different body. */
export class EzhiliConflictError extends EzhiliError {
  override name = 'EzhiliConflictError';
}
