import type { Schema } from '@ezhili/contract';
import { EzhiliError, type EzhiliErrorInit } from './ezhili-error.js';

export type FieldError = Schema<'ProblemFieldError'>;

/** 400 or 422: the request was refused as malformed; `errors` points at each bad value. */
export class EzhiliValidationError extends EzhiliError {
  override name = 'EzhiliValidationError';
  /** One entry per bad value, each with a JSON Pointer; empty when the server gave none. */
  readonly errors: FieldError[];

  constructor(init: EzhiliErrorInit) {
    super(init);
    this.errors = init.problem?.errors ?? [];
  }
}
