import type { AuditKeyFile } from '../audit/audit-key.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { StaffTokenVerifier } from '../auth/staff-tokens.js';
import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import type { SigningKeyStore } from '../keys/signing-keys.js';
import type { Logger } from '../logging/logger.js';

/**
 * What every module's services receive: configuration, the database, the one clock, the
 * logger, the regulator's signing keys and the audit log. Services are built from it and
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
}
