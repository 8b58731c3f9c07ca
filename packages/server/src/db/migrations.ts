import { type Clock, systemClock } from '../clock/clock.js';
import type { Database, InStatement } from './database.js';

/** One versioned schema change of one module. `id` sorts in application order, e.g. `0001_init`. */
export interface Migration {
  id: string;
  statements: InStatement[];
}

export interface ModuleMigrations {
  module: string;
  migrations: Migration[];
}

const LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  module TEXT NOT NULL,
  id TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (module, id)
)`;

/**
 * Applies every migration not yet recorded, module by module in the given order. Each migration
 * and its ledger row commit in one batch, so a failed migration leaves no trace; when two
 * instances start at once, the ledger's primary key lets only one apply it.
 */
export async function applyMigrations(
  db: Database,
  modules: ModuleMigrations[],
  clock: Clock = systemClock,
): Promise<string[]> {
  await db.execute(LEDGER);
  const applied = new Set(
    (await db.execute('SELECT module, id FROM schema_migrations')).rows.map(
      (row) => `${row.module}/${row.id}`,
    ),
  );
  const done: string[] = [];
  for (const { module, migrations } of modules) {
    for (const migration of [...migrations].sort((a, b) => a.id.localeCompare(b.id))) {
      const key = `${module}/${migration.id}`;
      if (applied.has(key)) continue;
      try {
        await db.batch(
          [
            {
              sql: 'INSERT INTO schema_migrations (module, id, applied_at) VALUES (?, ?, ?)',
              args: [module, migration.id, clock.now().toISOString()],
            },
            ...migration.statements,
          ],
          'write',
        );
        done.push(key);
      } catch (error) {
        const raced = await db.execute({
          sql: 'SELECT 1 FROM schema_migrations WHERE module = ? AND id = ?',
          args: [module, migration.id],
        });
        if (raced.rows.length === 0) throw new Error(`Migration ${key} failed: ${(error as Error).message}`);
      }
    }
  }
  return done;
}
