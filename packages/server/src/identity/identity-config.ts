import { createEnvReader, type Env } from '../config/env-reader.js';

export interface IdentityConfig {
  /** How long a reporter session lasts from login (REPORTER_SESSION_TTL_SECONDS, default 2 h). */
  sessionTtlSeconds: number;
}

/** Reads the identity module's settings; throws a ConfigError listing every bad value. */
export function readIdentityConfig(env: Env): IdentityConfig {
  const read = createEnvReader(env);
  const config = {
    sessionTtlSeconds: read.int('REPORTER_SESSION_TTL_SECONDS', 2 * 3600, { min: 300, max: 30 * 24 * 3600 }),
  };
  read.done();
  return config;
}
