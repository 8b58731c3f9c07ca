import type { Config } from '../config/config.js';
import { createEnvReader } from '../config/env-reader.js';

export interface UnsealSettings {
  /** How long a request stays open for shares and for its one opening. */
  ttlHours: number;
}

/** `UNSEAL_REQUEST_TTL_HOURS` (default 72). */
export function readUnsealSettings(config: Pick<Config, 'rawEnv'>): UnsealSettings {
  const read = createEnvReader(config.rawEnv);
  const settings = { ttlHours: read.int('UNSEAL_REQUEST_TTL_HOURS', 72, { min: 1, max: 24 * 90 }) };
  read.done();
  return settings;
}
