import { SERVER_VERSION } from '../version.js';
import { type CliCommand, CliUsageError } from './cli-command.js';
import { CLI_COMMANDS } from './commands.js';
import { describeStartupProblem, StartupProblem } from './startup-problem.js';

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

function groupHelp(prefix: string, members: CliCommand[]): string {
  const width = Math.max(...members.map((c) => c.name.length));
  return [
    `Usage: ezhili ${prefix} <command> [options]`,
    '',
    'Commands:',
    ...members.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run \`ezhili ${prefix} <command> --help\` for a command’s options.`,
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
  // The longest command name the arguments start with (`risk model show` before `risk run`).
  const command = [...CLI_COMMANDS]
    .sort((a, b) => b.name.split(' ').length - a.name.split(' ').length)
    .find((c) => c.name.split(' ').every((word, i) => argv[i] === word));
  if (!command) {
    // A group of commands (`ezhili risk`, `ezhili import --help`) lists its commands.
    const words = argv.filter((a) => !a.startsWith('-'));
    for (let n = words.length; n > 0; n--) {
      const prefix = words.slice(0, n).join(' ');
      const members = CLI_COMMANDS.filter((c) => c.name.startsWith(`${prefix} `));
      if (members.length === 0) continue;
      if (n < words.length) {
        err.write(`Unknown command: ezhili ${words.join(' ')}\n\n${groupHelp(prefix, members)}\n`);
        return 2;
      }
      out.write(`${groupHelp(prefix, members)}\n`);
      return argv.includes('--help') || argv.includes('-h') ? 0 : 1;
    }
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
  } catch (caught) {
    if (caught instanceof CliUsageError || (caught as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err.write(`${(caught as Error).message}\n\nUsage: ${command.usage}\n`);
      return 2;
    }
    // One line, no stack trace: a problem the operator can fix names itself, anything else its message.
    const error = describeStartupProblem(caught);
    if (error instanceof StartupProblem) {
      err.write(`ezhili ${command.name}: ${error.message}\n`);
      return error.exitCode;
    }
    err.write(`ezhili ${command.name} failed: ${firstLine(error)}\n`);
    return 1;
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0]!;
}
