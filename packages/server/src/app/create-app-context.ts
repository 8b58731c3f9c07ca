import { loadOrCreateAuditKey } from '../audit/audit-key.js';
import { AuditLog } from '../audit/audit-log.js';
import { createStaffTokenVerifier } from '../auth/staff-tokens.js';
import { type Clock, systemClock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import type { Env } from '../config/env-reader.js';
import type { ModuleSettings } from '../config/module-settings.js';
import { createConsoleSessionStore } from '../console/console-session-store.js';
import { openDatabase } from '../db/database.js';
import { applyMigrations } from '../db/migrations.js';
import type { AppContext } from '../http/app-context.js';
import { collectExtensions } from '../http/extension-point.js';
import { SigningKeyStore } from '../keys/signing-keys.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { SERVER_MODULES } from './modules.js';
import { loadModuleSettings, loadServerConfig } from './server-config.js';

/**
 * Opens everything a server needs: every module's settings (validated first, so a bad one stops
 * the start before anything is opened), signing keys, database (migrated), audit log, and what
 * the modules contribute to each other. Refuses a production start on demo keys.
 */
export async function createAppContext(
  config: Config,
  options: { clock?: Clock; logger?: Logger; settings?: ModuleSettings } = {},
): Promise<AppContext> {
  const settings = options.settings ?? loadModuleSettings(config);
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel, clock });
  const keys = await SigningKeyStore.open(config.keysDir, { demo: config.demo, clock });
  if (config.env === 'production' && keys.hasDemoKeys) {
    throw new Error(
      'Refusing to start in production with demo signing keys: run `ezhili keys rotate` and retire the demo key.',
    );
  }
  const auditKey = await loadOrCreateAuditKey(config);
  const db = await openDatabase(config.databaseUrl, {
    ...(config.databaseAuthToken && { authToken: config.databaseAuthToken }),
    synchronous: config.databaseSynchronous,
  });
  const applied = await applyMigrations(
    db,
    SERVER_MODULES.flatMap((module) => (module.migrations ? [module.migrations] : [])),
    clock,
  );
  if (applied.length > 0) logger.info('migrations applied', { module: applied.join(',') });
  return {
    config,
    db,
    clock,
    logger,
    keys,
    audit: new AuditLog(db, clock),
    auditKey,
    staffTokens: createStaffTokenVerifier(config, clock, db),
    consoleSessions: createConsoleSessionStore(db, clock),
    settings,
    extensions: collectExtensions(SERVER_MODULES.flatMap((module) => module.contributes ?? [])),
  };
}

/**
 * Reads the whole configuration from the environment (one ConfigError for every problem, before
 * anything is opened) and opens the app context: for the CLI's commands.
 */
export function openAppContext(env: Env = process.env): Promise<AppContext> {
  const { config, settings } = loadServerConfig(env);
  return createAppContext(config, { settings });
}
