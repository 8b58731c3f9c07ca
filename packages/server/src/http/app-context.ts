import type { AuditKeyFile } from '../audit/audit-key.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ConsoleSessionVerifier } from '../auth/console-session.js';
import type { StaffTokenVerifier } from '../auth/staff-tokens.js';
import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import type { ModuleSettings } from '../config/module-settings.js';
import type { Database } from '../db/database.js';
import type { SigningKeyStore } from '../keys/signing-keys.js';
import type { Logger } from '../logging/logger.js';
import type { Extensions } from './extension-point.js';

/**
 * What every module's services receive: configuration and the modules' settings, the database,
 * the one clock, the logger, the regulator's signing keys, the audit log, and the contributions
 * modules made to each other's extension points. Services are built from it and
 * hold no state of their own beyond the database.
 */
export interface AppContext {
  config: Config;
  db: Database;
  clock: Clock;
  logger: Logger;
  keys: SigningKeyStore;
  audit: AuditLog;
  /** The audit public key (its private half exists only as auditors' shares). */
  auditKey: AuditKeyFile;
  staffTokens: StaffTokenVerifier;
  /** The console's cookie sessions (accepted under `/console/api` only). */
  consoleSessions: ConsoleSessionVerifier;
  /** Every module's settings, read and validated at start-up: `ctx.settings.of(CASE_SETTINGS)`. */
  settings: ModuleSettings;
  /** What modules contributed to each other's extension points: `ctx.extensions.of(TIP_VIEW)`. */
  extensions: Extensions;
}
