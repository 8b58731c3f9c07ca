import type { Config } from '../config/config.js';
import { defineSettings, readSettings } from '../config/module-settings.js';

export interface UnsealSettings {
  /** How long a request stays open for shares and for its one opening. */
  ttlHours: number;
}

/** `UNSEAL_REQUEST_TTL_HOURS` (default 72); `ctx.settings.of(UNSEAL_SETTINGS)`. */
export const UNSEAL_SETTINGS = defineSettings(
  'unseal',
  (read): UnsealSettings => ({
    ttlHours: read.int('UNSEAL_REQUEST_TTL_HOURS', 72, { min: 1, max: 24 * 90 }),
  }),
);

/** Reads the unseal settings on their own; throws a ConfigError listing every problem. */
export function readUnsealSettings(config: Pick<Config, 'rawEnv'>): UnsealSettings {
  return readSettings(UNSEAL_SETTINGS, config);
}
