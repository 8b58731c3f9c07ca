import type { CliCommand } from './cli-command.js';
import { keysListCommand, keysRetireCommand, keysRotateCommand } from './keys-commands.js';
import { migrateCommand } from './migrate-command.js';
import { serveCommand } from './serve-command.js';
import { userAddCommand } from './user-add-command.js';

/** Every `ezhili` sub-command; add one by appending it. */
export const CLI_COMMANDS: CliCommand[] = [
  serveCommand,
  migrateCommand,
  keysRotateCommand,
  keysListCommand,
  keysRetireCommand,
  userAddCommand,
];
