import { createLocalJWKSet, createRemoteJWKSet, type FlattenedVerifyGetKey, type JWK } from 'jose';
import { createEnvReader, type Env } from '../config/env-reader.js';
import type { PlatformRecord } from './platform-service.js';

/** How long a fetched JWKS is trusted before it is fetched again. */
const JWKS_CACHE_MAX_AGE_MS = 10 * 60 * 1000;
/** A kid not in the cached set triggers a refetch, at most this often (a new key after rotation). */
const JWKS_REFETCH_COOLDOWN_MS = 30 * 1000;

export interface PlatformKeySettings {
  jwksRefetchCooldownMs: number;
}

const settingsByEnv = new WeakMap<Env, PlatformKeySettings>();

/** `PLATFORM_JWKS_COOLDOWN_MS`: the least time between two fetches of a JWKS URL. */
export function platformKeySettings(env: Env): PlatformKeySettings {
  let settings = settingsByEnv.get(env);
  if (!settings) {
    const read = createEnvReader(env);
    settings = {
      jwksRefetchCooldownMs: read.int('PLATFORM_JWKS_COOLDOWN_MS', JWKS_REFETCH_COOLDOWN_MS, {
        max: 3600_000,
      }),
    };
    read.done();
    settingsByEnv.set(env, settings);
  }
  return settings;
}
const JWKS_FETCH_TIMEOUT_MS = 5000;

interface CachedResolver {
  version: string;
  getKey: FlattenedVerifyGetKey;
}

const resolvers = new Map<string, CachedResolver>();

/**
 * The key lookup for a platform's signatures: its inline JWKS, or its JWKS URL fetched and cached
 * by jose (refetched when a signature names an unknown kid, so a rotated key works without a
 * restart). Cached per platform until the registration changes.
 */
export function platformKeyResolver(
  platform: PlatformRecord,
  settings: PlatformKeySettings = { jwksRefetchCooldownMs: JWKS_REFETCH_COOLDOWN_MS },
): FlattenedVerifyGetKey {
  const cached = resolvers.get(platform.id);
  if (cached && cached.version === platform.version) return cached.getKey;
  const getKey = platform.jwks
    ? createLocalJWKSet({ keys: platform.jwks.keys as JWK[] })
    : createRemoteJWKSet(new URL(platform.jwksUrl!), {
        cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
        cooldownDuration: settings.jwksRefetchCooldownMs,
        timeoutDuration: JWKS_FETCH_TIMEOUT_MS,
      });
  resolvers.set(platform.id, {
    version: platform.version,
    getKey: getKey as unknown as FlattenedVerifyGetKey,
  });
  return getKey as unknown as FlattenedVerifyGetKey;
}
