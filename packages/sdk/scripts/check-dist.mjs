// Loads the built package both ways (import and require) and makes one call through each, so a
// broken CommonJS/ESM interop in `dist` fails the build checks rather than a user's app.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const health = { status: 'ok', database: 'ok', version: '0.1.0', time: '2026-01-01T00:00:00Z' };
const fetch = async (request) => {
  assert.equal(new URL(request.url).pathname, '/healthz');
  return new Response(JSON.stringify(health), { headers: { 'content-type': 'application/json' } });
};

for (const [format, sdk] of [
  ['esm', await import('@ezhili/sdk')],
  ['cjs', require('@ezhili/sdk')],
]) {
  const client = sdk.createClient({ baseUrl: 'http://ezhili.test', fetch });
  assert.deepEqual(await client.system.health(), health, format);
  assert.ok(new sdk.EzhiliNotFoundError({ message: 'x' }) instanceof sdk.EzhiliError, format);
  console.log(`dist ${format}: ok (${sdk.VERSION})`);
}
