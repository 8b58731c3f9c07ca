import type { ModuleMigrations } from '../db/migrations.js';
import { DEFAULT_RISK_MODEL } from './default-risk-model.js';
import { normaliseRiskModel } from './risk-model.js';

export const riskMigrations: ModuleMigrations = {
  module: 'risk',
  migrations: [
    {
      id: '0001_risk',
      statements: [
        // One inspection record. `day` (days since 1970-01-01) is what the scoring reads; the
        // covering index lets a run aggregate a shop's history without touching the table.
        // Records are unique per source and record key, so a second import adds nothing.
        `CREATE TABLE inspections (
          seq INTEGER PRIMARY KEY,
          shop_id TEXT NOT NULL REFERENCES shops (id),
          inspected_on TEXT NOT NULL,
          day INTEGER NOT NULL,
          result TEXT,
          score REAL,
          critical INTEGER NOT NULL CHECK (critical >= 0),
          serious INTEGER NOT NULL CHECK (serious >= 0),
          minor INTEGER NOT NULL CHECK (minor >= 0),
          violations TEXT,
          source TEXT NOT NULL,
          record_key TEXT NOT NULL,
          import_id TEXT NOT NULL
        )`,
        'CREATE UNIQUE INDEX inspections_record ON inspections (source, record_key)',
        'CREATE INDEX inspections_history ON inspections (shop_id, day, critical, serious, minor, score)',
        'CREATE INDEX inspections_day ON inspections (day)',
        `CREATE TABLE inspection_imports (
          id TEXT PRIMARY KEY,
          source TEXT NOT NULL,
          mapping TEXT NOT NULL,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          rows_read INTEGER NOT NULL DEFAULT 0,
          inserted INTEGER NOT NULL DEFAULT 0,
          duplicates INTEGER NOT NULL DEFAULT 0,
          rejected INTEGER NOT NULL DEFAULT 0,
          imported_by TEXT NOT NULL
        )`,
        // Every version of the indicator model, never changed once written; the newest is current.
        `CREATE TABLE risk_models (
          version INTEGER PRIMARY KEY,
          model TEXT NOT NULL,
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL
        )`,
        {
          sql: 'INSERT INTO risk_models (version, model, created_at, created_by) VALUES (1, ?, ?, ?)',
          args: [
            JSON.stringify(normaliseRiskModel(DEFAULT_RISK_MODEL)),
            '2026-01-01T00:00:00.000Z',
            'system',
          ],
        },
        // `seq` keys the (large) score table compactly; `id` is the public name of the run.
        `CREATE TABLE risk_runs (
          seq INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          model_version INTEGER NOT NULL REFERENCES risk_models (version),
          as_of TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
          started_at TEXT NOT NULL,
          finished_at TEXT,
          shops_scored INTEGER NOT NULL DEFAULT 0,
          tier_counts TEXT NOT NULL DEFAULT '{"A":0,"B":0,"C":0,"D":0}',
          leads TEXT NOT NULL DEFAULT '{"requested":false,"created":0,"skippedOpenLead":0,"skippedNoPlatform":0}',
          duration_ms INTEGER NOT NULL DEFAULT 0,
          created_by TEXT NOT NULL
        )`,
        // One row per shop and run; `detail` lists the raw indicator values in the order of the
        // model's indicators (contributions are derived from them when read). Each completed run gets its own ranking index (risk-runs.ts), built
        // once after its rows are written rather than maintained row by row.
        `CREATE TABLE shop_risks (
          run_seq INTEGER NOT NULL,
          shop_id TEXT NOT NULL,
          score REAL NOT NULL,
          tier TEXT NOT NULL,
          detail TEXT NOT NULL,
          PRIMARY KEY (run_seq, shop_id)
        ) WITHOUT ROWID`,
        `CREATE TABLE risk_backtests (
          id TEXT PRIMARY KEY,
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL,
          request TEXT NOT NULL,
          result TEXT NOT NULL
        )`,
      ],
    },
    {
      id: '0002_features_and_results',
      statements: [
        // The extra fields an inspection mapping carries (inspector, inspection type, …) as a
        // JSON object; NULL when none, so sources without extras pay nothing.
        'ALTER TABLE inspections ADD COLUMN extra TEXT',
        // What a run's createTasks made (inspection-tasks module).
        `ALTER TABLE risk_runs ADD COLUMN tasks TEXT NOT NULL
           DEFAULT '{"requested":false,"created":0,"skippedOpenTask":0,"byUnit":{}}'`,
        // Covariates: data sets of their own keyed by area and day (complaints, sanitation
        // requests, weather), joined point in time: a score as of a day reads rows before it.
        // `area` '*' applies everywhere (city-wide weather).
        `CREATE TABLE risk_covariates (
          dataset TEXT NOT NULL,
          area TEXT NOT NULL,
          day INTEGER NOT NULL,
          value REAL NOT NULL,
          source_row TEXT NOT NULL,
          import_id TEXT NOT NULL,
          PRIMARY KEY (dataset, area, day, source_row)
        ) WITHOUT ROWID`,
        // A backtest's per-inspection scores, for export: model, baseline and random on the
        // same test rows. Deleted with the backtest's oldest siblings (risk-backtest-store.ts).
        `CREATE TABLE risk_backtest_scores (
          backtest_id TEXT NOT NULL,
          inspection_seq INTEGER NOT NULL,
          score REAL NOT NULL,
          baseline REAL,
          positive INTEGER NOT NULL,
          PRIMARY KEY (backtest_id, inspection_seq)
        ) WITHOUT ROWID`,
      ],
    },
  ],
};
