import { hmacSha256 } from '../crypto/hashing.js';
import type { SigningKeyStore } from '../keys/signing-keys.js';
import { webhookSecretKey } from './webhook-secrets.js';

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Standard Webhooks headers for one delivery attempt: the asymmetric `v1a` scheme, an Ed25519
 * signature (base64) by the regulator's current key over `<webhook-id>.<webhook-timestamp>.<body>`
 * (receivers verify against `/.well-known/jwks.json`); and, for a platform that opted in, one
 * symmetric `v1` signature (HMAC-SHA256, base64) per signing `whsec_` secret over the same bytes,
 * space-separated in the same header as the spec allows. Verifiers use the entries they know.
 */
export function signWebhook(
  keys: Pick<SigningKeyStore, 'signBytes'>,
  id: string,
  timestampSeconds: number,
  body: string,
  secrets: readonly string[] = [],
): WebhookHeaders {
  const timestamp = String(timestampSeconds);
  const signed = `${id}.${timestamp}.${body}`;
  const { signature } = keys.signBytes(signed);
  const symmetric = secrets.map(
    (secret) => `v1,${hmacSha256(webhookSecretKey(secret), signed).toString('base64')}`,
  );
  return {
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': [`v1a,${signature.toString('base64')}`, ...symmetric].join(' '),
  };
}
