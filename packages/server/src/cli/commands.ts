import { auditCheckpointCommand, auditVerifyCommand } from './audit-commands.js';
import { auditInitCommand } from './audit-init-command.js';
import { casesOverdueCommand } from './case-commands.js';
import type { CliCommand } from './cli-command.js';
import { importCovariatesCommand, importInspectionsCommand, importShopsCommand } from './import-commands.js';
import { keysListCommand, keysRetireCommand, keysRotateCommand } from './keys-commands.js';
import { migrateCommand } from './migrate-command.js';
import { partnerAddCommand, partnerListCommand } from './partner-commands.js';
import { platformAddCommand, platformDeadLettersCommand } from './platform-commands.js';
import { relistingReconcileCommand } from './relisting-commands.js';
import { retentionRunCommand } from './retention-commands.js';
import {
  riskBacktestCommand,
  riskBacktestExportCommand,
  riskBacktestListCommand,
  riskBacktestShowCommand,
  riskCalibrateCommand,
  riskModelShowCommand,
  riskRunCommand,
} from './risk-commands.js';
import { secretsInitCommand } from './secrets-init-command.js';
import { serveCommand } from './serve-command.js';
import { unsealOpenCommand, unsealRequestCommand, unsealShareCommand } from './unseal-commands.js';
import { userAddCommand } from './user-add-command.js';
import { userDisableCommand } from './user-disable-command.js';

/** Every `ezhili` sub-command; add one by appending it. */
export const CLI_COMMANDS: CliCommand[] = [
  serveCommand,
  migrateCommand,
  keysRotateCommand,
  keysListCommand,
  keysRetireCommand,
  userAddCommand,
  userDisableCommand,
  auditInitCommand,
  secretsInitCommand,
  importShopsCommand,
  importInspectionsCommand,
  importCovariatesCommand,
  riskCalibrateCommand,
  riskBacktestCommand,
  riskBacktestListCommand,
  riskBacktestShowCommand,
  riskBacktestExportCommand,
  riskModelShowCommand,
  riskRunCommand,
  partnerAddCommand,
  partnerListCommand,
  casesOverdueCommand,
  auditVerifyCommand,
  auditCheckpointCommand,
  unsealRequestCommand,
  unsealShareCommand,
  unsealOpenCommand,
  platformAddCommand,
  platformDeadLettersCommand,
  relistingReconcileCommand,
  retentionRunCommand,
];
