/** One `ezhili` sub-command. `name` may have two words (`keys rotate`). */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  /** Runs the command; returns the exit code. */
  run(args: string[]): Promise<number>;
}

export class CliUsageError extends Error {}
