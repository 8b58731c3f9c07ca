import { type ChildProcess, spawn } from 'node:child_process';
import type { InValue } from '@libsql/client';
import type { Database } from './database.js';
import { childProcessEnv, libsqlModulePath, readOnlyUri } from './libsql-module.js';

/** A row as the snapshot reader returns it: column name → value, BLOBs as Buffers. */
export type SnapshotRow = Record<string, unknown>;

/**
 * Read-only statements that all see one consistent state of the database (a read transaction),
 * whatever is written meanwhile, and that never run on the server's event loop. For long reads:
 * audit verification, exports, full recomputations.
 */
export interface SnapshotReader {
  /** Runs one read-only statement inside the snapshot. */
  all(sql: string, args?: readonly InValue[]): Promise<SnapshotRow[]>;
  /** Ends the read transaction (and the child process). Always call it. */
  close(): Promise<void>;
}

/**
 * A child process's program, as CommonJS source run with `node -e` (so it runs the same from
 * the sources under vitest and from the bundle in dist). It attaches the database read-only
 * (`mode=ro`) to an empty in-memory main database, so unqualified table names resolve to it,
 * opens one read transaction and answers each statement with its rows.
 */
const CHILD_SOURCE = `
process.on('disconnect', () => process.exit(0));
const message = (error) => String(error && error.message ? error.message : error);
process.once('message', (init) => {
  let db;
  try {
    const Database = require(init.libsqlPath);
    db = new Database(':memory:');
    db.exec("ATTACH '" + init.uri.replace(/'/g, "''") + "' AS src");
    db.exec('PRAGMA busy_timeout = 5000; PRAGMA src.cache_size = -' + init.cacheKib);
    db.exec('BEGIN');
    db.prepare('SELECT count(*) FROM src.sqlite_master').get();
  } catch (error) {
    process.send({ error: message(error) });
    return;
  }
  process.on('message', (request) => {
    if (request.close) {
      try { db.exec('COMMIT'); db.close(); } catch {}
      process.send({ id: request.id, rows: [] }, () => process.disconnect());
      return;
    }
    try {
      process.send({ id: request.id, rows: db.prepare(request.sql).all(...request.args) });
    } catch (error) {
      process.send({ id: request.id, error: message(error) });
    }
  });
  process.send({ ready: true });
});
`;

interface ChildAnswer {
  id?: number;
  ready?: true;
  rows?: SnapshotRow[];
  error?: string;
}

const toBuffer = (value: unknown) =>
  value instanceof ArrayBuffer
    ? Buffer.from(value)
    : value instanceof Uint8Array && !Buffer.isBuffer(value)
      ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
      : value;

function normalize(row: Record<string, unknown>): SnapshotRow {
  const out: SnapshotRow = {};
  for (const [key, value] of Object.entries(row)) out[key] = toBuffer(value);
  return out;
}

/**
 * Opens a snapshot of `db`. An embedded file is read by a child process (libsql's embedded
 * driver runs statements synchronously: a long query on the server's own connection would stall
 * every request); a libSQL server is read through a read transaction, which waits on the network
 * and so leaves the event loop free.
 */
export async function openSnapshotReader(
  db: Database,
  options: {
    cacheKib?: number;
    /** Default: a child process for an embedded file, a read transaction for a server. */
    via?: 'child-process' | 'read-transaction';
  } = {},
): Promise<SnapshotReader> {
  const via = options.via ?? (db.filePath ? 'child-process' : 'read-transaction');
  if (via === 'read-transaction' || !db.filePath) return openServerSnapshot(db);
  const libsqlPath = libsqlModulePath();
  if (!libsqlPath) throw new Error('libsql module not found for the snapshot reader');
  return openChildSnapshot(db.filePath, libsqlPath, options.cacheKib ?? 32 * 1024);
}

async function openServerSnapshot(db: Database): Promise<SnapshotReader> {
  const tx = await db.client.transaction('read');
  return {
    async all(sql, args = []) {
      const result = await tx.execute({ sql, args: [...args] });
      return result.rows.map((row) => {
        const plain: Record<string, unknown> = {};
        result.columns.forEach((column, i) => {
          plain[column] = row[i];
        });
        return normalize(plain);
      });
    },
    async close() {
      if (!tx.closed) await tx.commit().catch(() => undefined);
      tx.close();
    },
  };
}

function openChildSnapshot(path: string, libsqlPath: string, cacheKib: number): Promise<SnapshotReader> {
  const child: ChildProcess = spawn(process.execPath, ['-e', CHILD_SOURCE], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
    env: childProcessEnv(),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const pending = new Map<number, { resolve(rows: SnapshotRow[]): void; reject(error: Error): void }>();
  let nextId = 1;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const waiter of pending.values()) waiter.reject(failure);
    pending.clear();
  };
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const request = (message: Record<string, unknown>) =>
    new Promise<SnapshotRow[]>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...message, id });
    });

  return new Promise<SnapshotReader>((resolveOpen, rejectOpen) => {
    let opened = false;
    child.on('message', (answer: ChildAnswer) => {
      if (answer.ready) {
        opened = true;
        resolveOpen({
          all: (sql, args = []) => request({ sql, args: [...args] }),
          async close() {
            if (!failure && child.connected) await request({ close: true }).catch(() => undefined);
            kill();
          },
        });
        return;
      }
      if (answer.id === undefined) {
        const error = new Error(`snapshot reader: ${answer.error}`);
        if (!opened) rejectOpen(error);
        failAll(error);
        kill();
        return;
      }
      const waiter = pending.get(answer.id);
      pending.delete(answer.id);
      if (!waiter) return;
      if (answer.error !== undefined) waiter.reject(new Error(`snapshot reader: ${answer.error}`));
      else waiter.resolve((answer.rows ?? []).map(normalize));
    });
    child.on('error', (error) => {
      if (!opened) rejectOpen(error);
      failAll(error);
    });
    child.on('exit', (code, signal) => {
      const why = stderr.trim().split('\n').at(-1) ?? '';
      const error = new Error(`snapshot reader exited (${signal ?? `code ${code}`})${why ? `: ${why}` : ''}`);
      if (!opened) rejectOpen(error);
      failAll(error);
    });
    child.send({ libsqlPath, uri: readOnlyUri(path), cacheKib: Math.trunc(cacheKib) });
  });
}
