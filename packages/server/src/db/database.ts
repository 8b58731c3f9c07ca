import { AsyncLocalStorage } from 'node:async_hooks';
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type Client,
  createClient,
  type InStatement,
  type ResultSet,
  type Transaction,
} from '@libsql/client';
import { AsyncMutex } from './async-mutex.js';
import { type Executor, executorOn, type UnitConnection, WriteUnit } from './write-unit.js';

export type { Executor, InStatement, ResultSet };
export { WriteUnit };

const BUSY_TIMEOUT_MS = 5000;
const READ_ONLY = /^\s*(SELECT|WITH|EXPLAIN)\b/i;

/**
 * The database: an embedded file (`file:`) or a libSQL server (`libsql:`, `http(s):`, `ws(s):`),
 * with no code difference between them.
 *
 * Why the write lock: libsql's embedded driver runs statements synchronously, and
 * `transaction()` keeps its connection while the caller awaits. A second write arriving on the
 * other connection meanwhile would busy-wait on the event loop that the transaction needs, so
 * every write in this process (statement, batch or transaction) takes one async lock; reads go
 * straight through (WAL). Across processes SQLite's own locking and the busy timeout apply.
 *
 * Why two connections for a file: the driver's `transaction()` gives its connection away and
 * opens a fresh one for the next statement (file open, schema parse, pragmas: most of a small
 * write's cost). So an embedded database keeps one writer connection for every write and runs
 * transactions on it with `BEGIN IMMEDIATE … COMMIT`, which the lock makes safe; reads use the
 * other connection and so never see a transaction that has not committed. A libSQL server keeps
 * the driver's own interactive transactions. `:memory:` databases do not work with
 * transactions (each connection is its own database); tests use temporary files.
 *
 * Inside `within(unit, …)` (a request with an Idempotency-Key) every write joins the unit's one
 * transaction instead, which commits when the unit finishes (see WriteUnit).
 */
export class Database implements Executor {
  readonly #writeLock = new AsyncMutex();
  readonly #units = new AsyncLocalStorage<WriteUnit>();

  /**
   * @param connectionSetup per-connection PRAGMAs, re-applied after each transaction because
   *   the embedded driver continues on a fresh connection then.
   */
  constructor(
    readonly client: Client,
    private readonly connectionSetup: string[] = [],
    /** The database file of an embedded database; undefined for a libSQL server or `:memory:`. */
    readonly filePath?: string,
    /** An embedded file's writer connection (see above); absent, writes use `client`. */
    private readonly writer?: Client,
  ) {}

  execute(statement: InStatement): Promise<ResultSet> {
    const sql = typeof statement === 'string' ? statement : statement.sql;
    const unit = this.#unit();
    if (READ_ONLY.test(sql)) return (unit?.reader ?? this.client).execute(statement);
    if (unit) return unit.write((tx) => tx.execute(statement));
    return this.#writeLock.run(() => (this.writer ?? this.client).execute(statement));
  }

  /** Runs statements atomically: all commit or none do. */
  batch(statements: InStatement[], mode: 'write' | 'read' | 'deferred' = 'write'): Promise<ResultSet[]> {
    const unit = this.#unit();
    if (mode === 'read') {
      const reader = unit?.reader;
      return reader ? executorOn(reader).batch(statements) : this.client.batch(statements, 'read');
    }
    if (unit) return unit.write((tx) => tx.batch(statements));
    return this.#writeLock.run(() => (this.writer ?? this.client).batch(statements, mode));
  }

  /**
   * Runs `work` in one write transaction (BEGIN IMMEDIATE): for read-then-write logic such as the
   * audit chain. Commits when `work` resolves, rolls back when it throws.
   */
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    const unit = this.#unit();
    if (unit) return unit.write(work);
    const writer = this.writer;
    if (writer) return this.#writeLock.run(() => runOnConnection(writer, work));
    return this.#writeLock.run(async () => {
      const tx: Transaction = await this.client.transaction('write');
      try {
        const result = await work(tx);
        await tx.commit();
        return result;
      } catch (error) {
        if (!tx.closed) await tx.rollback().catch(() => undefined);
        throw error;
      } finally {
        tx.close();
        for (const pragma of this.connectionSetup) await this.client.execute(pragma);
      }
    });
  }

  /**
   * Runs `work` while no other write (or transaction) of this process can start, on the same
   * connection throughout: for per-connection state such as `ATTACH … ; INSERT … ; DETACH`,
   * which a transaction elsewhere would otherwise move to a fresh connection midway.
   */
  exclusive<T>(work: (db: Executor) => Promise<T>): Promise<T> {
    const unit = this.#unit();
    if (unit) return unit.write(work);
    return this.#writeLock.run(() => work(this.writer ?? this.client));
  }

  /** A unit of work for one request's writes; nothing is opened until its first write. */
  openUnit(): WriteUnit {
    return new WriteUnit(() => this.#openUnitConnection());
  }

  /** Runs `work` (and everything it starts) with its writes joined into `unit`. */
  within<T>(unit: WriteUnit, work: () => T): T {
    return this.#units.run(unit, work);
  }

  /** Runs `work` outside any unit: for background jobs a request starts but does not wait for. */
  detached<T>(work: () => T): T {
    return this.#units.exit(work);
  }

  /**
   * Runs `committed` once the caller's writes are durable: at once outside a unit, at the unit's
   * commit inside one; `abandoned` runs instead if the unit rolls back.
   */
  async afterCommit(committed: () => Promise<void>, abandoned?: () => Promise<void>): Promise<void> {
    const unit = this.#unit();
    if (unit) unit.afterCommit(committed, abandoned);
    else await committed();
  }

  /** Commits the caller's unit so far (see WriteUnit.commitSoFar); outside a unit, nothing to do. */
  async commitSoFar(): Promise<void> {
    await this.#unit()?.commitSoFar();
  }

  #unit(): WriteUnit | undefined {
    const unit = this.#units.getStore();
    return unit?.active ? unit : undefined;
  }

  /** Takes the write lock and begins the unit's transaction, held until its `end`. */
  async #openUnitConnection(): Promise<UnitConnection> {
    const release = await this.#writeLock.acquire();
    try {
      const writer = this.writer;
      if (writer) {
        await writer.execute('BEGIN IMMEDIATE');
        return {
          execute: (statement) => writer.execute(statement),
          end: (commit) => endOnConnection(writer, commit).finally(release),
        };
      }
      const tx = await this.client.transaction('write');
      return {
        execute: (statement) => tx.execute(statement),
        end: async (commit) => {
          try {
            if (commit) await tx.commit();
            else await tx.rollback();
          } finally {
            tx.close();
            for (const pragma of this.connectionSetup)
              await this.client.execute(pragma).catch(() => undefined);
            release();
          }
        },
      };
    } catch (error) {
      release();
      throw error;
    }
  }

  close(): void {
    this.client.close();
    this.writer?.close();
  }
}

/**
 * One write transaction on a connection nobody else uses meanwhile (the caller holds the write
 * lock): statements run in order, a batch inside it is just more statements.
 */
async function runOnConnection<T>(connection: Client, work: (tx: Executor) => Promise<T>): Promise<T> {
  await connection.execute('BEGIN IMMEDIATE');
  const tx = executorOn(connection);
  try {
    const result = await work(tx);
    await connection.execute('COMMIT');
    return result;
  } catch (error) {
    // A failed statement may already have ended the transaction (SQLite rolls back on some errors).
    await connection.execute('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Commits or rolls back the transaction open on `connection`; a failed commit rolls back. */
async function endOnConnection(connection: Client, commit: boolean): Promise<void> {
  if (!commit) {
    await connection.execute('ROLLBACK').catch(() => undefined);
    return;
  }
  try {
    await connection.execute('COMMIT');
  } catch (error) {
    await connection.execute('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * `full` syncs the WAL on every commit: a tip whose receipt was handed out survives a power
 * loss. `normal` syncs at checkpoints only: many times faster on slow disks, never corrupt, but
 * the last commits can roll back after a power loss (not after a process crash).
 */
export type SynchronousMode = 'full' | 'normal';

export async function openDatabase(
  url: string,
  options: { authToken?: string; synchronous?: SynchronousMode } = {},
): Promise<Database> {
  const { authToken, synchronous = 'full' } = options;
  const path = url.startsWith('file:') ? url.slice('file:'.length).split('?')[0]! : undefined;
  if (path && path !== ':memory:') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const client = createClient({ url, ...(authToken && { authToken }), timeout: BUSY_TIMEOUT_MS });
  if (path && path !== ':memory:') {
    // Owner-only, whatever the umask: SQLite gives the -wal and -shm files the database's mode.
    chmodSync(path, 0o600);
    // WAL lets readers run beside the writer; it is a property of the file, so once is enough.
    await client.execute('PRAGMA journal_mode = WAL');
    const connectionSetup = [
      `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`,
      `PRAGMA synchronous = ${synchronous.toUpperCase()}`,
      // Deleted rows are overwritten with zeros, not left in free pages: retention's deletions
      // (docs/retention.md) must not be recoverable from the file.
      'PRAGMA secure_delete = ON',
    ];
    for (const pragma of connectionSetup) await client.execute(pragma);
    const writer = createClient({ url, timeout: BUSY_TIMEOUT_MS });
    for (const pragma of connectionSetup) await writer.execute(pragma);
    return new Database(client, connectionSetup, path, writer);
  }
  return new Database(client);
}

/** Answers whether the database responds to a trivial query. */
export async function isDatabaseReachable(db: Database): Promise<boolean> {
  try {
    await db.execute('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
