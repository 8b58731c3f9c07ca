import { defineSettings } from '../config/module-settings.js';

/** A kid not in the cached set triggers a refetch, at most this often (a new key after rotation). */
const JWKS_REFETCH_COOLDOWN_MS = 30 * 1000;

export interface PlatformSettings {
  /** `PLATFORM_JWKS_COOLDOWN_MS`: the least time between two fetches of a JWKS URL. */
  jwksRefetchCooldownMs: number;
  /** The webhook outbox worker: `WEBHOOK_TIMEOUT_MS`, `WEBHOOK_BATCH_SIZE`, `WEBHOOK_POLL_INTERVAL_MS`. */
  webhook: { timeoutMs: number; batchSize: number; pollIntervalMs: number };
}

/** The platforms module's settings (`ctx.settings.of(PLATFORM_SETTINGS)`). */
export const PLATFORM_SETTINGS = defineSettings(
  'platforms',
  (read): PlatformSettings => ({
    jwksRefetchCooldownMs: read.int('PLATFORM_JWKS_COOLDOWN_MS', JWKS_REFETCH_COOLDOWN_MS, {
      max: 3600_000,
    }),
    webhook: {
      timeoutMs: read.int('WEBHOOK_TIMEOUT_MS', 10_000, { min: 100, max: 120_000 }),
      batchSize: read.int('WEBHOOK_BATCH_SIZE', 20, { min: 1, max: 500 }),
      pollIntervalMs: read.int('WEBHOOK_POLL_INTERVAL_MS', 1000, { min: 10, max: 3600_000 }),
    },
  }),
);

export const DEFAULT_JWKS_REFETCH_COOLDOWN_MS = JWKS_REFETCH_COOLDOWN_MS;
