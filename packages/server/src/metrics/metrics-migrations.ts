import type { ModuleMigrations } from '../db/migrations.js';
import { dropRollupTriggers, ROLLUP_SCOPE_KINDS, rollupBackfill, rollupTriggers } from './rollup-sql.js';

/**
 * The daily and monthly rollups behind `getMetrics` (`rollup-sql.ts`). The metrics module comes
 * after every module whose tables it counts, so its triggers can be created on them; the first
 * migration backfills from the data already there.
 */
export const metricsMigrations: ModuleMigrations = {
  module: 'metrics',
  migrations: [
    {
      id: '0001_rollups',
      statements: [
        'CREATE TABLE metrics_grains (grain TEXT PRIMARY KEY, width INTEGER NOT NULL)',
        "INSERT INTO metrics_grains (grain, width) VALUES ('d', 10), ('m', 7)",
        'CREATE TABLE metrics_scope_kinds (kind TEXT PRIMARY KEY)',
        `INSERT INTO metrics_scope_kinds (kind) VALUES ${ROLLUP_SCOPE_KINDS.map((kind) => `('${kind}')`).join(', ')}`,
        // kind/key: the scope ('' everything; 'd' district code; 'ds' 'code|source'; …).
        `CREATE TABLE metrics_counts (
          kind TEXT NOT NULL,
          grain TEXT NOT NULL,
          bucket TEXT NOT NULL,
          metric TEXT NOT NULL,
          key TEXT NOT NULL,
          n INTEGER NOT NULL,
          PRIMARY KEY (kind, grain, bucket, metric, key)
        ) WITHOUT ROWID`,
        // One row per reported value (duration-code.ts) and scope: a histogram per day and month.
        `CREATE TABLE metrics_durations (
          kind TEXT NOT NULL,
          grain TEXT NOT NULL,
          bucket TEXT NOT NULL,
          metric TEXT NOT NULL,
          key TEXT NOT NULL,
          code INTEGER NOT NULL,
          n INTEGER NOT NULL,
          PRIMARY KEY (kind, grain, bucket, metric, key, code)
        ) WITHOUT ROWID`,
        ...dropRollupTriggers(),
        ...rollupTriggers(),
        ...rollupBackfill(),
      ],
    },
  ],
};
