import type { SigningKeyStore } from '../keys/signing-keys.js';

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Standard Webhooks headers for one delivery attempt: the asymmetric `v1a` scheme, an Ed25519
 * signature (base64) by the regulator's current key over `<webhook-id>.<webhook-timestamp>.<body>`.
 * Receivers verify against the regulator's JWKS (`/.well-known/jwks.json`).
 */
export function signWebhook(
  keys: Pick<SigningKeyStore, 'signBytes'>,
  id: string,
  timestampSeconds: number,
  body: string,
): WebhookHeaders {
  const timestamp = String(timestampSeconds);
  const { signature } = keys.signBytes(`${id}.${timestamp}.${body}`);
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': `v1a,${signature.toString('base64')}`,
  };
}
