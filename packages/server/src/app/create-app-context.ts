import { loadOrCreateAuditKey } from '../audit/audit-key.js';
import { AuditLog } from '../audit/audit-log.js';
import { createStaffTokenVerifier } from '../auth/staff-tokens.js';
import { type Clock, systemClock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import { openDatabase } from '../db/database.js';
import { applyMigrations } from '../db/migrations.js';
import type { AppContext } from '../http/app-context.js';
import { SigningKeyStore } from '../keys/signing-keys.js';
import { createLogger, type Logger } from '../logging/logger.js';
import { SERVER_MODULES } from './modules.js';

/**
 * Opens everything a server needs: database (migrated), signing keys, audit log. Refuses a
 * production start on demo keys.
 */
export async function createAppContext(
  config: Config,
  options: { clock?: Clock; logger?: Logger } = {},
): Promise<AppContext> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const keys = await SigningKeyStore.open(config.keysDir, { demo: config.demo });
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
  };
}
