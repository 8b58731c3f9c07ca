import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createWebhookVerifier } from '@ezhili/sdk';
import { BENCH_SECONDS, isMain } from './harness.js';

interface Vector {
  headers: Record<string, string>;
  body: string;
  now: number;
}

/**
 * The SDK's verifyWebhook (header checks, timestamp tolerance, v1a Ed25519 verification through
 * WebCrypto, JSON parse into a typed event) against a bare `crypto.verify` loop over the same
 * signed bytes with a ready KeyObject. Prints operations per second and the ratio.
 */
export async function benchVerifyWebhook(): Promise<void> {
  const document = JSON.parse(
    readFileSync(new URL('../../packages/sdk/test-vectors/webhooks.json', import.meta.url), 'utf8'),
  ) as { jwks: { keys: Array<Record<string, string>> }; vectors: Vector[] };
  const vector = document.vectors[0]!;
  const verifyWebhook = createWebhookVerifier({ jwks: document.jwks as never, now: () => vector.now * 1000 });
  const key = createPublicKey({ key: document.jwks.keys[0] as never, format: 'jwk' });
  const signature = Buffer.from(vector.headers['webhook-signature']!.slice('v1a,'.length), 'base64');

  const run = async (name: string, once: () => unknown) => {
    for (let i = 0; i < 200; i++) await once(); // warm up
    const until = performance.now() + BENCH_SECONDS * 1000;
    let count = 0;
    const started = performance.now();
    while (performance.now() < until) {
      for (let i = 0; i < 100; i++) await once();
      count += 100;
    }
    const opsPerSecond = count / ((performance.now() - started) / 1000);
    console.log(`  ${name.padEnd(46)} ${opsPerSecond.toFixed(0).padStart(8)} ops/s`);
    return opsPerSecond;
  };

  console.log(`\nverifyWebhook against a bare crypto.verify loop, ${BENCH_SECONDS} s each`);
  const baseline = await run('bare crypto.verify(id.timestamp.body)', () => {
    const data = Buffer.from(
      `${vector.headers['webhook-id']}.${vector.headers['webhook-timestamp']}.${vector.body}`,
    );
    if (!verify(null, data, key, signature)) throw new Error('baseline failed to verify');
  });
  const candidate = await run('SDK verifyWebhook(rawBody, headers)', () =>
    verifyWebhook(vector.body, vector.headers),
  );
  const ratio = candidate / baseline;
  console.log(
    `  ratio SDK / bare crypto.verify: ${ratio.toFixed(3)} (${(ratio * 100).toFixed(1)}% of the baseline's rate)`,
  );
}

if (isMain(import.meta)) await benchVerifyWebhook();
