import { ConfigError } from '../config/env-reader.js';
import { SERVER_VERSION } from '../version.js';
import { CliUsageError } from './cli-command.js';
import { CLI_COMMANDS } from './commands.js';

function overview(): string {
  const width = Math.max(...CLI_COMMANDS.map((c) => c.name.length));
  return [
    `ezhili ${SERVER_VERSION} — the ezhili regulator server`,
    '',
    'Usage: ezhili <command> [options]',
    '',
    'Commands:',
    ...CLI_COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `ezhili <command> --help` for a command’s options.',
  ].join('\n');
}

/** Parses argv, runs the matching command and returns the exit code. */
export async function runCli(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    out.write(`${overview()}\n`);
    return argv.length === 0 ? 1 : 0;
  }
  if (argv[0] === '--version') {
    out.write(`${SERVER_VERSION}\n`);
    return 0;
  }
  const command =
    CLI_COMMANDS.find((c) => c.name === `${argv[0]} ${argv[1]}`) ??
    CLI_COMMANDS.find((c) => c.name === argv[0]);
  if (!command) {
    err.write(`Unknown command: ${argv.slice(0, 2).join(' ')}\n\n${overview()}\n`);
    return 2;
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    out.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, { out, err });
  } catch (error) {
    if (
      error instanceof CliUsageError ||
      error instanceof ConfigError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      err.write(`${(error as Error).message}\n\nUsage: ${command.usage}\n`);
      return 2;
    }
    err.write(`ezhili ${command.name} failed: ${(error as Error).message}\n`);
    return 1;
  }
}
