import { openAppContext } from '../app/create-app-context.js';
import type { AppContext } from '../http/app-context.js';
import { ProblemError } from '../problem/problem-error.js';
import { CliUsageError } from './cli-command.js';

/** A problem's detail and field reasons as one line for the terminal. */
export function describeProblem(error: ProblemError): string {
  const reasons = (error.errors ?? []).map((e) => `${e.pointer} ${e.detail}`).join('; ');
  return [error.detail ?? error.code, reasons].filter(Boolean).join(' ');
}

/**
 * Runs a command's work on the configured database and closes it afterwards; a problem the
 * services raise (bad input) becomes a usage error, exit code 2, like a bad flag.
 */
export async function withAppContext<T>(work: (ctx: AppContext) => Promise<T>): Promise<T> {
  const ctx = await openAppContext();
  try {
    return await work(ctx);
  } catch (error) {
    if (error instanceof ProblemError) throw new CliUsageError(describeProblem(error));
    throw error;
  } finally {
    ctx.db.close();
  }
}
