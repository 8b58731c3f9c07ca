import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signWebhook } from './webhook-signature.js';

interface Vector {
  name: string;
  headers: Record<string, string>;
  body: string;
  valid: boolean;
  signerKid?: string;
}

// The vectors the SDK's verifier passes too (packages/sdk/test-vectors/webhooks.json).
const vectors = JSON.parse(
  readFileSync(new URL('../../../sdk/test-vectors/webhooks.json', import.meta.url), 'utf8'),
) as {
  testSigningKeys: Array<{ kid: string }>;
  vectors: Vector[];
  symmetric: { vectors: Array<Vector & { secrets?: string[] }> };
};

function testKeys(kid: string) {
  const jwk = vectors.testSigningKeys.find((key) => key.kid === kid)!;
  const privateKey = createPrivateKey({ key: jwk as never, format: 'jwk' });
  return {
    signBytes: (data: Uint8Array | string) => ({
      kid: jwk.kid,
      signature: sign(null, Buffer.from(data), privateKey),
    }),
  };
}

describe('the server webhook signer', () => {
  const valid = vectors.vectors.filter((vector) => vector.valid);
  it.each(valid.map((vector) => [vector.name, vector] as const))(
    'reproduces the test vector: %s',
    (_name, vector) => {
      const headers = signWebhook(
        testKeys(vector.signerKid!),
        vector.headers['webhook-id']!,
        Number(vector.headers['webhook-timestamp']),
        vector.body,
      );
      expect(headers['webhook-id']).toBe(vector.headers['webhook-id']);
      expect(headers['webhook-timestamp']).toBe(vector.headers['webhook-timestamp']);
      // Ed25519 is deterministic: the same key, id, timestamp and body give the same signature.
      expect(vector.headers['webhook-signature']!.split(' ')).toContain(headers['webhook-signature']);
    },
  );

  // Symmetric v1 (opt-in): the exact header, v1a first, then one v1 per secret, newest first.
  const symmetric = vectors.symmetric.vectors.filter((vector) => vector.secrets);
  it.each(symmetric.map((vector) => [vector.name, vector] as const))(
    'reproduces the v1 test vector: %s',
    (_name, vector) => {
      const headers = signWebhook(
        testKeys(vector.signerKid!),
        vector.headers['webhook-id']!,
        Number(vector.headers['webhook-timestamp']),
        vector.body,
        vector.secrets,
      );
      expect(headers['webhook-signature']).toBe(vector.headers['webhook-signature']);
    },
  );
});
