import { EzhiliError } from './ezhili-error.js';

/** 403: authenticated, but the role does not allow this. */
export class EzhiliPermissionError extends EzhiliError {
  override name = 'EzhiliPermissionError';
}
