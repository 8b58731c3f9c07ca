import { EzhiliError } from '../errors/ezhili-error.js';

export type WebhookVerificationCode =
  | 'raw_body_required'
  | 'missing_headers'
  | 'timestamp_out_of_tolerance'
  | 'signature_invalid'
  | 'invalid_payload'
  | 'keys_unavailable';

/** A webhook that must not be trusted: answer it with a 4xx and do not act on it. */
export class EzhiliWebhookVerificationError extends EzhiliError {
  override name = 'EzhiliWebhookVerificationError';
  declare readonly code: WebhookVerificationCode;

  constructor(code: WebhookVerificationCode, message: string, cause?: unknown) {
    super({ message, code, ...(cause !== undefined && { cause }) });
  }
}
