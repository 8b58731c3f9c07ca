import { EzhiliError } from './ezhili-error.js';

/** 5xx: the server failed; quote `requestId` when you report it. */
export class EzhiliServerError extends EzhiliError {
  override name = 'EzhiliServerError';
}
