import { EzhiliError } from './ezhili-error.js';

/** 401: missing, expired or wrong credentials. */
export class EzhiliAuthenticationError extends EzhiliError {
  override name = 'EzhiliAuthenticationError';
}
