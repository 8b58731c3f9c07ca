import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from '@libsql/client';

/** The `ezhili` command as npm links it: the committed launcher of the built CLI. */
const EZHILI_BIN = fileURLToPath(new URL('../../packages/server/bin/ezhili.js', import.meta.url));

/**
 * A real `ezhili serve --demo` in a child process on one data folder, which a test kills with
 * SIGKILL (or which kills itself at a named crash point, `EZHILI_CRASH_AT`) and starts again on the
 * same folder. While it runs, its descendants (exiftool) are recorded, so a test can check that
 * none outlives it.
 */
export class CrashableServer {
  url = '';
  #child: ChildProcess | undefined;
  #exited: Promise<string | null> = Promise.resolve(null);
  #watch: NodeJS.Timeout | undefined;
  /** Every process ever seen below a server of this folder: pid → its start time (`/proc` ticks). */
  readonly descendants = new Map<number, string>();
  starts = 0;
  kills = 0;

  constructor(
    readonly dataDir: string,
    private readonly env: Record<string, string> = {},
  ) {}

  /** Starts a server; `crashAt` (`point@n`) makes it SIGKILL itself the n-th time it reaches point. */
  async start(crashAt?: string): Promise<void> {
    const child = spawn(process.execPath, [EZHILI_BIN, 'serve', '--demo'], {
      env: {
        ...process.env,
        EZHILI_ENV: 'test',
        DATA_DIR: this.dataDir,
        PORT: '0',
        PASSWORD_SCRYPT_COST: '10',
        LOG_LEVEL: 'error',
        ...this.env,
        ...(crashAt && { EZHILI_CRASH_AT: crashAt }),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.#child = child;
    this.starts += 1;
    this.#exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    this.url = await new Promise<string>((resolve, reject) => {
      let text = '';
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${text}`)), 120_000);
      child.stderr!.on('data', (chunk) => {
        text += String(chunk);
        const match = /API:\s+(http:\/\/\S+)/.exec(text);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      child.once('exit', () => reject(new Error(`server exited during start:\n${text}`)));
    });
    const pid = child.pid!;
    this.#watch = setInterval(() => this.#recordDescendants(pid), 50);
  }

  /** Whether the current server is still running. */
  get alive(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Resolves with the signal that ended the current server (`SIGKILL` for a crash). */
  async exited(): Promise<string | null> {
    const signal = await this.#exited;
    if (this.#watch) clearInterval(this.#watch);
    return signal;
  }

  /** Kills the server the way a power cut would. */
  async kill(): Promise<void> {
    if (this.#child?.pid) this.#recordDescendants(this.#child.pid);
    this.#child?.kill('SIGKILL');
    await this.exited();
  }

  /** Stops the server cleanly (SIGTERM). */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.#child?.kill('SIGTERM');
    await this.exited();
  }

  /** Processes once below a server that are still alive (same pid and start time). */
  survivors(): number[] {
    return [...this.descendants].filter(([pid, started]) => startTimeOf(pid) === started).map(([pid]) => pid);
  }

  /** The database, opened beside the server (WAL lets both work). */
  database(): Client {
    return createClient({ url: `file:${this.dataDir}/ezhili.db` });
  }

  #recordDescendants(root: number): void {
    const children = new Map<number, number[]>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const stat = readStat(Number(name));
      if (!stat) continue;
      children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(name)]);
    }
    const queue = [...(children.get(root) ?? [])];
    while (queue.length > 0) {
      const pid = queue.shift()!;
      const started = startTimeOf(pid);
      if (started !== undefined) this.descendants.set(pid, started);
      queue.push(...(children.get(pid) ?? []));
    }
  }
}

function readStat(pid: number): { state: string; ppid: number; started: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (in parentheses) may hold spaces; the fields after it are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]), started: fields[19]! };
  } catch {
    return undefined;
  }
}

function startTimeOf(pid: number): string | undefined {
  const stat = readStat(pid);
  // A zombie is gone in all but its exit status.
  return stat && stat.state !== 'Z' ? stat.started : undefined;
}
