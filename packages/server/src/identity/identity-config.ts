import type { Env } from '../config/env-reader.js';
import { defineSettings, readSettings } from '../config/module-settings.js';

export interface IdentityConfig {
  /** How long a reporter session lasts from login (REPORTER_SESSION_TTL_SECONDS, default 2 h). */
  sessionTtlSeconds: number;
}

/** The identity module's settings (`ctx.settings.of(IDENTITY_SETTINGS)`). */
export const IDENTITY_SETTINGS = defineSettings(
  'identity',
  (read): IdentityConfig => ({
    sessionTtlSeconds: read.int('REPORTER_SESSION_TTL_SECONDS', 2 * 3600, { min: 300, max: 30 * 24 * 3600 }),
  }),
);

/** Reads the identity module's settings on their own; throws a ConfigError listing every bad value. */
export function readIdentityConfig(env: Env): IdentityConfig {
  return readSettings(IDENTITY_SETTINGS, { rawEnv: env });
}
