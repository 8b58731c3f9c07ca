import type { InStatement, ResultSet } from '@libsql/client';
import { AsyncMutex } from './async-mutex.js';

/** What a service needs to run statements: the database itself or an open transaction. */
export interface Executor {
  execute(statement: InStatement): Promise<ResultSet>;
  batch(statements: InStatement[], mode?: 'write' | 'read' | 'deferred'): Promise<ResultSet[]>;
}

/** An open write transaction that holds the process's write lock until `end`. */
export interface UnitConnection {
  execute(statement: InStatement): Promise<ResultSet>;
  end(commit: boolean): Promise<void>;
}

type Hook = () => Promise<void> | void;

/** Statements in order on one connection; a batch inside a transaction is just more statements. */
export function executorOn(connection: Pick<UnitConnection, 'execute'>): Executor {
  return {
    execute: (statement) => connection.execute(statement),
    batch: async (statements) => {
      const results: ResultSet[] = [];
      for (const statement of statements) results.push(await connection.execute(statement));
      return results;
    },
  };
}

/**
 * Every write of one request, in one transaction that commits only at `finish`: so what a
 * request records and the record of its answer (the Idempotency-Key's stored response) commit
 * together or not at all, and a crash anywhere in between leaves nothing half done.
 *
 * The transaction begins (and takes the write lock) at the request's first write, not before:
 * the reads, checks, hashing and file work that come first hold nobody up. Each transaction a
 * service opens inside the unit becomes a savepoint, so a service that throws still rolls back
 * its own part only. Reads see the unit's own writes once it has any.
 */
export class WriteUnit {
  #connection: UnitConnection | undefined;
  #opening: Promise<UnitConnection> | undefined;
  #ended = false;
  #savepoints = 0;
  readonly #writes = new AsyncMutex();
  readonly #committed: Hook[] = [];
  readonly #abandoned: Hook[] = [];
  /** Written with each `commitSoFar`, e.g. the Idempotency-Key's note that part has committed. */
  #checkpoint: ((tx: Executor) => Promise<void>) | undefined;

  constructor(private readonly open: () => Promise<UnitConnection>) {}

  /** What `commitSoFar` writes in the transaction it commits. */
  onCommitSoFar(checkpoint: (tx: Executor) => Promise<void>): void {
    this.#checkpoint = checkpoint;
  }

  /** False once the unit has committed or rolled back: later writes run on their own. */
  get active(): boolean {
    return !this.#ended;
  }

  /** The open transaction for reads, or undefined while the unit has written nothing. */
  get reader(): Pick<UnitConnection, 'execute'> | undefined {
    return this.#connection;
  }

  /** Runs `work` as one savepoint of the unit's transaction (opened on first use). */
  write<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    return this.#writes.run(async () => {
      const connection = await this.#open();
      const name = `unit_${++this.#savepoints}`;
      await connection.execute(`SAVEPOINT ${name}`);
      try {
        const result = await work(executorOn(connection));
        await connection.execute(`RELEASE ${name}`);
        return result;
      } catch (error) {
        await connection.execute(`ROLLBACK TO ${name}`).catch(() => undefined);
        await connection.execute(`RELEASE ${name}`).catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * Work that must wait for the commit (e.g. dropping the pending markers of stored files) and,
   * optionally, what to undo if the unit rolls back instead (e.g. deleting those files).
   */
  afterCommit(committed: Hook, abandoned?: Hook): void {
    this.#committed.push(committed);
    if (abandoned) this.#abandoned.push(abandoned);
  }

  /**
   * Ends the unit: runs `last` inside its transaction and commits, unless `last` answers false
   * (then everything rolls back and `finish` answers false). Commits nothing when nothing was
   * written. Throws, having rolled back, when a statement or the commit fails.
   */
  finish(last?: (tx: Executor) => Promise<boolean>): Promise<boolean> {
    return this.#writes.run(async () => {
      let keep = true;
      try {
        if (last) keep = await last(executorOn(await this.#open()));
        await this.#end(keep);
      } catch (error) {
        await this.#end(false).catch(() => undefined);
        this.#ended = true;
        await runAll(this.#abandoned);
        throw error;
      }
      this.#ended = true;
      await runAll(keep ? this.#committed : this.#abandoned);
      return keep;
    });
  }

  /**
   * Commits what the unit wrote so far and releases the write lock; later writes begin a new
   * transaction. For a request that must make its record durable before an outside effect it
   * cannot take back (a bank transfer), and must not hold every other writer up meanwhile.
   */
  commitSoFar(): Promise<void> {
    return this.#writes.run(async () => {
      if (!this.#opening) return;
      if (this.#checkpoint) await this.#checkpoint(executorOn(await this.#open()));
      await this.#end(true);
      const committed = this.#committed.splice(0);
      this.#abandoned.splice(0);
      await runAll(committed);
    });
  }

  /** Rolls back everything the unit wrote. */
  abandon(): Promise<void> {
    return this.#writes.run(async () => {
      await this.#end(false).catch(() => undefined);
      this.#ended = true;
      await runAll(this.#abandoned);
    });
  }

  async #open(): Promise<UnitConnection> {
    if (this.#ended) throw new Error('This write unit has already ended.');
    this.#opening ??= this.open().then((connection) => {
      this.#connection = connection;
      return connection;
    });
    return this.#opening;
  }

  async #end(commit: boolean): Promise<void> {
    const opening = this.#opening;
    this.#opening = undefined;
    this.#connection = undefined;
    if (opening) await (await opening).end(commit);
  }
}

/** Hooks run after the outcome is settled; their failures must not undo or hide it. */
async function runAll(hooks: Hook[]): Promise<void> {
  await Promise.allSettled(hooks.map(async (hook) => hook()));
}
