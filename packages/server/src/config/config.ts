import { isAbsolute, resolve } from 'node:path';
import type { LogLevel } from '../logging/logger.js';
import { ConfigError, createEnvReader, type Env, type EnvReader } from './env-reader.js';

export const DEMO_STAFF_TOKEN_SECRET = 'demo-only-staff-token-secret-change-me-in-production';

export interface OidcConfig {
  issuer: string;
  jwksUrl: string;
  audience: string;
  rolesClaim: string;
  districtClaim: string;
}

export interface Config {
  env: 'development' | 'test' | 'production';
  demo: boolean;
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string;
  databaseAuthToken: string | undefined;
  /** SQLite's `synchronous` for embedded files (see openDatabase): `full` in production by default. */
  databaseSynchronous: 'full' | 'normal';
  keysDir: string;
  logLevel: LogLevel;
  maxBodyBytes: number;
  trustProxy: boolean;
  staffTokenSecret: string;
  staffTokenTtlSeconds: number;
  /** log2 of scrypt's N for new password hashes (17 = OWASP's floor; tests use less). */
  passwordCost: number;
  localStaffLogin: boolean;
  oidc: OidcConfig | undefined;
  loginRateLimit: { windowSeconds: number; maxFailuresPerAccount: number; maxFailuresPerAddress: number };
  /** Validate every response against the contract (on in tests, off by default in production). */
  validateResponses: boolean;
  /** Origins allowed to call the API from browsers (`*` for any; bearer tokens, never cookies). */
  corsOrigins: string[];
  /** The raw environment, for modules that read their own settings. */
  rawEnv: Env;
}

/**
 * Reads and validates the configuration from the environment. Throws a ConfigError that lists
 * every problem; refuses to run in production with demo secrets.
 */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const read = createEnvReader(env);
  const config = readConfig(read, env, overrides);
  read.done();
  return config;
}

/**
 * Reads the configuration with `read`, which collects the problems (the caller calls
 * `read.done()`), so the composition root can report them together with every module's.
 */
export function readConfig(read: EnvReader, env: Env, overrides: Partial<Config> = {}): Config {
  const mode = read.oneOf('EZHILI_ENV', ['development', 'test', 'production'] as const, 'development');
  const demo = overrides.demo ?? read.bool('EZHILI_DEMO', false);
  const port = read.int('PORT', 8787, { min: 0, max: 65535 });
  const dataDir = absolute(read.string('DATA_DIR', 'data'));
  const issuer = read.optionalString('OIDC_ISSUER');

  const config: Config = {
    env: mode,
    demo,
    host: read.string('HOST', '127.0.0.1'),
    port,
    publicUrl: read.url('PUBLIC_URL', `http://localhost:${port}`)!.replace(/\/$/, ''),
    dataDir,
    databaseUrl: read.string('DATABASE_URL', `file:${resolve(dataDir, 'ezhili.db')}`),
    databaseAuthToken: read.optionalString('DATABASE_AUTH_TOKEN'),
    databaseSynchronous: read.oneOf(
      'DATABASE_SYNCHRONOUS',
      ['full', 'normal'] as const,
      mode === 'production' ? 'full' : 'normal',
    ),
    keysDir: absolute(read.string('KEYS_DIR', resolve(dataDir, 'keys'))),
    logLevel: read.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info'),
    maxBodyBytes: read.int('MAX_BODY_BYTES', 1024 * 1024, { min: 1024 }),
    trustProxy: read.bool('TRUST_PROXY', false),
    staffTokenSecret: read.string('STAFF_TOKEN_SECRET', DEMO_STAFF_TOKEN_SECRET),
    staffTokenTtlSeconds: read.int('STAFF_TOKEN_TTL_SECONDS', 900, { min: 60, max: 12 * 3600 }),
    passwordCost: read.int('PASSWORD_SCRYPT_COST', mode === 'test' ? 12 : 17, {
      min: mode === 'production' ? 17 : 10,
      max: 20,
    }),
    localStaffLogin: read.bool('STAFF_LOCAL_LOGIN', true),
    oidc: issuer
      ? {
          issuer,
          jwksUrl: read.url('OIDC_JWKS_URL', `${issuer.replace(/\/$/, '')}/.well-known/jwks.json`)!,
          audience: read.string('OIDC_AUDIENCE', 'ezhili'),
          rolesClaim: read.string('OIDC_ROLES_CLAIM', 'ezhili_roles'),
          districtClaim: read.string('OIDC_DISTRICT_CLAIM', 'ezhili_district'),
        }
      : undefined,
    loginRateLimit: {
      windowSeconds: read.int('LOGIN_WINDOW_SECONDS', 900, { min: 1 }),
      maxFailuresPerAccount: read.int('LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, { min: 1 }),
      maxFailuresPerAddress: read.int('LOGIN_MAX_FAILURES_PER_ADDRESS', 50, { min: 1 }),
    },
    validateResponses: read.bool('VALIDATE_RESPONSES', mode !== 'production'),
    corsOrigins: read
      .string('CORS_ALLOWED_ORIGINS', '*')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    rawEnv: env,
    ...overrides,
  };

  if (config.env === 'production') {
    if (config.demo) read.fail('EZHILI_DEMO (or --demo) cannot be used with EZHILI_ENV=production');
    if (config.staffTokenSecret === DEMO_STAFF_TOKEN_SECRET)
      read.fail('STAFF_TOKEN_SECRET must be set to a secret of your own in production');
    else if (config.staffTokenSecret.length < 32)
      read.fail('STAFF_TOKEN_SECRET must be at least 32 characters in production');
  }
  return config;
}

function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

export { ConfigError };
