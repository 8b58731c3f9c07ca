import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type Client,
  createClient,
  type InStatement,
  type ResultSet,
  type Transaction,
} from '@libsql/client';
import { AsyncMutex } from './async-mutex.js';

export type { InStatement, ResultSet };

/** What a service needs to run statements: the database itself or an open transaction. */
export interface Executor {
  execute(statement: InStatement): Promise<ResultSet>;
  batch(statements: InStatement[], mode?: 'write' | 'read' | 'deferred'): Promise<ResultSet[]>;
}

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
 * Also: the embedded driver opens a fresh connection after each `transaction()`, so `:memory:`
 * databases do not work with transactions; tests use temporary files.
 */
export class Database implements Executor {
  readonly #writeLock = new AsyncMutex();

  constructor(readonly client: Client) {}

  execute(statement: InStatement): Promise<ResultSet> {
    const sql = typeof statement === 'string' ? statement : statement.sql;
    if (READ_ONLY.test(sql)) return this.client.execute(statement);
    return this.#writeLock.run(() => this.client.execute(statement));
  }

  /** Runs statements atomically: all commit or none do. */
  batch(statements: InStatement[], mode: 'write' | 'read' | 'deferred' = 'write'): Promise<ResultSet[]> {
    if (mode === 'read') return this.client.batch(statements, 'read');
    return this.#writeLock.run(() => this.client.batch(statements, mode));
  }

  /**
   * Runs `work` in one write transaction (BEGIN IMMEDIATE): for read-then-write logic such as the
   * audit chain. Commits when `work` resolves, rolls back when it throws.
   */
  transaction<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
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
      }
    });
  }

  close(): void {
    this.client.close();
  }
}

export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  if (url.startsWith('file:')) {
    const path = url.slice('file:'.length).split('?')[0]!;
    if (path && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  }
  const client = createClient({ url, ...(authToken && { authToken }), timeout: BUSY_TIMEOUT_MS });
  if (url.startsWith('file:')) {
    // WAL lets readers run beside the writer; it is a property of the file, so once is enough.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
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
