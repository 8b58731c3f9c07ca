/** Where a command writes: results to `out`, progress and messages to `err` (tests capture both). */
export interface CliIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** One `ezhili` sub-command. `name` may have two words (`keys rotate`). */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Runs the command; returns the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

export class CliUsageError extends Error {}
