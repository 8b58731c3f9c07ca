import { exportJWK, FlattenedSign, generateKeyPair, type CryptoKey as JoseKey, type JWK } from 'jose';
import type { Clock } from '../clock/clock.js';
import type { Executor } from '../db/database.js';
import { newId } from '../ids/ids.js';
import type { TestApp } from './test-app.js';

/**
 * Test helpers for platform traffic: real key pairs, real detached signatures, a registered
 * platform and shops on it. For tests only (module tests and the e2e suite).
 */
export interface TestPlatformKey {
  kid: string;
  alg: 'EdDSA' | 'ES256';
  privateKey: JoseKey;
  publicJwk: JWK;
}

export async function generatePlatformKey(
  alg: 'EdDSA' | 'ES256' = 'EdDSA',
  kid = newId('pk'),
): Promise<TestPlatformKey> {
  const { privateKey, publicKey } = await generateKeyPair(
    alg,
    alg === 'EdDSA' ? { crv: 'Ed25519', extractable: true } : { extractable: true },
  );
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface SignOptions {
  platformId: string;
  key: TestPlatformKey;
  method: string;
  /** Path and query as sent, e.g. `/platforms/p/leads?cursor=x`. */
  target: string;
  body: string;
  iat?: number;
  jti?: string;
}

/** The `Ezhili-Signature` value: a detached JWS (RFC 7797) over the exact body. */
export async function signPlatformRequest(options: SignOptions): Promise<string> {
  const jws = await new FlattenedSign(new TextEncoder().encode(options.body))
    .setProtectedHeader({
      alg: options.key.alg,
      kid: options.key.kid,
      b64: false,
      crit: ['b64'],
      iss: options.platformId,
      iat: options.iat ?? Math.floor(Date.now() / 1000),
      jti: options.jti ?? crypto.randomUUID(),
      htm: options.method,
      htu: options.target,
    })
    .sign(options.key.privateKey);
  return `${jws.protected}..${jws.signature}`;
}

/** A platform as tests use it: its id, its key, and a signed `fetch` against the test app. */
export interface TestPlatform {
  id: string;
  key: TestPlatformKey;
  call(
    method: string,
    target: string,
    json?: unknown,
    tweak?: Partial<Omit<SignOptions, 'platformId' | 'key'>> & { signedBody?: string; key?: TestPlatformKey },
  ): Promise<Response>;
}

export async function registerTestPlatform(
  t: TestApp,
  adminToken: string,
  options: { alg?: 'EdDSA' | 'ES256'; webhookUrl?: string; name?: string } = {},
): Promise<TestPlatform> {
  const key = await generatePlatformKey(options.alg);
  const response = await t.request('/platforms', {
    token: adminToken,
    json: {
      name: options.name ?? 'Test Delivery',
      jwks: { keys: [key.publicJwk] },
      ...(options.webhookUrl && { webhookUrl: options.webhookUrl }),
      contacts: [{ name: 'Ops desk', email: 'ops@platform.example' }],
    },
  });
  if (response.status !== 201)
    throw new Error(`registerPlatform failed: ${response.status} ${await response.text()}`);
  const { id } = (await response.json()) as { id: string };
  return {
    id,
    key,
    async call(method, target, json, tweak = {}) {
      const body = json === undefined ? '' : JSON.stringify(json);
      const signature = await signPlatformRequest({
        platformId: id,
        key: tweak.key ?? key,
        method: tweak.method ?? method,
        target: tweak.target ?? target,
        body: tweak.signedBody ?? body,
        iat: tweak.iat ?? Math.floor(t.clock.now().getTime() / 1000),
        ...(tweak.jti !== undefined && { jti: tweak.jti }),
      });
      return t.app.request(target, {
        method,
        headers: {
          'ezhili-signature': signature,
          ...(json !== undefined && { 'content-type': 'application/json' }),
        },
        ...(json !== undefined && { body }),
      });
    },
  };
}

/** Adds a shop listed by a platform directly to the registry (the shop feed is another module). */
export async function insertTestShop(
  { db, clock }: { db: Executor; clock: Clock },
  platformId: string | null,
  overrides: { name?: string; districtCode?: string; platformShopId?: string } = {},
): Promise<{ id: string; platformShopId: string }> {
  const id = newId('shop', clock.now());
  const platformShopId = overrides.platformShopId ?? `ps-${id.slice(-8)}`;
  const now = clock.now().toISOString();
  await db.execute({
    sql: `INSERT INTO shops (id, platform_id, platform_shop_id, name, district_code, online, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
    args: [
      id,
      platformId,
      platformId ? platformShopId : null,
      overrides.name ?? 'Minjiang Noodle House',
      overrides.districtCode ?? '350102',
      now,
      now,
    ],
  });
  return { id, platformShopId };
}

/** Counts rows, to prove a refused request wrote nothing. */
export async function countRows(db: Executor, table: string): Promise<number> {
  return Number((await db.execute(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]?.n ?? 0);
}
