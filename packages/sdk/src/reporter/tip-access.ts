import type { RequestOptions } from '../core/options.js';

/**
 * How the reporter proves a tip is theirs: its identity code with the receipt secret, or with
 * the reporter session (the client's token) that submitted it. Both travel in headers, never in
 * the URL, so they stay out of access logs.
 */
export interface TipAccess {
  identityCode: string;
  /** Omit when the client is logged in as the reporter who submitted the tip. */
  receiptSecret?: string | undefined;
}

/** `options` with the tip access headers added. */
export function withTipAccess(access: TipAccess, options: RequestOptions = {}): RequestOptions {
  return {
    ...options,
    headers: {
      ...options.headers,
      'Ezhili-Identity-Code': access.identityCode,
      ...(access.receiptSecret !== undefined && { 'Ezhili-Receipt-Secret': access.receiptSecret }),
    },
  };
}
