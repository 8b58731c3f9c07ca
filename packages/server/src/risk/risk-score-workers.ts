import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { childProcessEnv, libsqlModulePath, readOnlyUri } from '../db/libsql-module.js';

/** One page of shops, `id > lo AND id <= hi`. */
export type ShopPage = readonly [lo: string, hi: string];

export interface WorkerScoringJob {
  /** The embedded database file, opened read-only by each worker. */
  dbPath: string;
  /** A directory for the workers' scratch files (one each); the caller removes it. */
  scratchDir: string;
  /** The scoring SELECT (risk-sql.ts) over `?1`–`?4`: page bounds, day number and date. */
  select: string;
  asOfDay: number;
  asOf: string;
  pages: readonly ShopPage[];
  workers: number;
  /** Each worker's page cache (KiB) and memory map (bytes) on the real database. */
  cacheKib: number;
  mmapBytes: number;
}

export interface WorkerScoringResult {
  /**
   * For each page, the scratch database that holds its scores, in a table
   * `scores (shop_id PRIMARY KEY, score, tier, detail)`.
   */
  owners: string[];
  scored: number;
}

/**
 * A worker's program, as CommonJS source run with `node -e` (so it runs the same from the
 * sources under vitest and from the bundle in dist). It opens a scratch file of its own as its
 * main database and attaches the real database read-only (`mode=ro`): a worker cannot write to
 * the real database at all, it only reads it as a WAL reader beside the server's connection. It
 * scores the pages it is sent into its scratch file and answers each with the number scored.
 *
 * Workers are child processes, not worker threads: libsql's binding (neon) aborts the whole
 * process when a thread that holds a connection is terminated (risk-score-workers.test.ts
 * reproduced it), and a crash in a child only fails the run.
 */
const WORKER_SOURCE = `
process.on('disconnect', () => process.exit(1));
process.once('message', (job) => {
  const fail = (error) => process.send({ error: String(error && error.message ? error.message : error) });
  let db;
  try {
    const Database = require(job.libsqlPath);
    db = new Database(job.scratchPath);
    db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY');
    db.exec("ATTACH '" + job.sourceUri.replace(/'/g, "''") + "' AS src");
    for (const pragma of job.sourcePragmas) db.exec(pragma);
    db.exec('CREATE TABLE scores (shop_id TEXT PRIMARY KEY, score REAL NOT NULL, tier TEXT NOT NULL, detail TEXT NOT NULL) WITHOUT ROWID');
    const insert = db.prepare('INSERT INTO main.scores SELECT key, score, tier, detail FROM (' + job.select + ')');
    process.on('message', (page) => {
      if (page === 'done') {
        db.close();
        process.send({ closed: true }, () => process.disconnect());
        return;
      }
      try {
        process.send({ scored: insert.run(page[0], page[1], job.asOfDay, job.asOf).changes });
      } catch (error) {
        fail(error);
      }
    });
    process.send({ ready: true });
  } catch (error) {
    fail(error);
  }
});
`;

// Moved to db/ so every child process that reads the database shares them; re-exported for risk.
export { libsqlModulePath, readOnlyUri } from '../db/libsql-module.js';

interface WorkerMessage {
  ready?: true;
  scored?: number;
  error?: string;
  closed?: true;
}

/**
 * Scores pages on worker processes, handing the next page to whichever worker is free.
 * Resolves when every page is scored and every worker has closed its files; rejects on the
 * first error, after killing all workers.
 */
export async function scorePagesInWorkers(job: WorkerScoringJob): Promise<WorkerScoringResult> {
  const libsqlPath = libsqlModulePath();
  if (!libsqlPath) throw new Error('libsql module not found for risk workers');
  const count = Math.max(1, Math.min(job.workers, job.pages.length));
  const scratchFiles = Array.from({ length: count }, (_, i) => join(job.scratchDir, `scores-${i}.db`));
  const env = childProcessEnv();
  const children: ChildProcess[] = [];
  const owners: string[] = [];
  let next = 0;
  let scored = 0;
  try {
    await Promise.all(
      scratchFiles.map(
        (scratchPath) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(process.execPath, ['-e', WORKER_SOURCE], {
              stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
              env,
            });
            children.push(child);
            let stderr = '';
            child.stderr?.on('data', (chunk: Buffer) => {
              stderr = (stderr + chunk.toString('utf8')).slice(-2000);
            });
            let closed = false;
            child.on('message', (message: WorkerMessage) => {
              if (message.error !== undefined) {
                reject(new Error(`risk worker: ${message.error}`));
              } else if (message.closed) {
                closed = true;
                resolve();
              } else {
                if (message.scored !== undefined) scored += message.scored;
                if (next < job.pages.length) {
                  owners[next] = scratchPath;
                  child.send([...job.pages[next++]!]);
                } else {
                  child.send('done');
                }
              }
            });
            child.on('error', reject);
            child.on('exit', (code, signal) => {
              if (!closed) {
                const why = stderr.trim().split('\n').at(-1) ?? '';
                reject(
                  new Error(
                    `risk worker exited (${signal ?? `code ${code}`}) before finishing${why ? `: ${why}` : ''}`,
                  ),
                );
              }
            });
            child.send({
              libsqlPath,
              scratchPath,
              sourceUri: readOnlyUri(job.dbPath),
              sourcePragmas: [
                `PRAGMA src.cache_size = -${Math.trunc(job.cacheKib)}`,
                `PRAGMA src.mmap_size = ${Math.trunc(job.mmapBytes)}`,
              ],
              select: job.select,
              asOfDay: job.asOfDay,
              asOf: job.asOf,
            });
          }),
      ),
    );
  } finally {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  return { owners, scored };
}
