import { createLocalJWKSet, createRemoteJWKSet, type FlattenedVerifyGetKey, type JWK } from 'jose';
import type { PlatformRecord } from './platform-service.js';
import { DEFAULT_JWKS_REFETCH_COOLDOWN_MS, type PlatformSettings } from './platform-settings.js';

/** How long a fetched JWKS is trusted before it is fetched again. */
const JWKS_CACHE_MAX_AGE_MS = 10 * 60 * 1000;
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
  settings: Pick<PlatformSettings, 'jwksRefetchCooldownMs'> = {
    jwksRefetchCooldownMs: DEFAULT_JWKS_REFETCH_COOLDOWN_MS,
  },
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
