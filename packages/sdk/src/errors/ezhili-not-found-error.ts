import { EzhiliError } from './ezhili-error.js';

/** 404: the resource or route does not exist. */
export class EzhiliNotFoundError extends EzhiliError {
  override name = 'EzhiliNotFoundError';
}
