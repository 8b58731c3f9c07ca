import type { ModuleMigrations } from '../db/migrations.js';

export const retentionMigrations: ModuleMigrations = {
  module: 'retention',
  migrations: [
    {
      id: '0001_retention',
      statements: [
        // Cases kept out of deletion (placeLegalHold). One row while held; releasing deletes it.
        // Who placed and released which hold, and why, is in the audit log.
        `CREATE TABLE legal_holds (
          case_id TEXT PRIMARY KEY REFERENCES cases (id),
          reason TEXT NOT NULL,
          placed_by TEXT NOT NULL,
          placed_at TEXT NOT NULL
        )`,
        // Each deletion run and what it deleted (counts only), for getRetentionStatus.
        `CREATE TABLE retention_runs (
          id TEXT PRIMARY KEY,
          trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'cli')),
          started_at TEXT NOT NULL,
          finished_at TEXT,
          deleted TEXT NOT NULL DEFAULT '{}',
          cases_affected INTEGER NOT NULL DEFAULT 0,
          audit_seq INTEGER
        )`,
        'CREATE INDEX retention_runs_started ON retention_runs (started_at)',
        // Evidence blobs whose rows a run deleted, written in the same transaction, removed from the
        // store after it commits: a crash in between leaves the keys here for the next run, never
        // a blob without a record that it must go.
        'CREATE TABLE retention_blob_deletions (storage_key TEXT PRIMARY KEY, queued_at TEXT NOT NULL)',
        // One run at a time across instances: the run holds this lease while it works.
        `CREATE TABLE retention_lease (
          singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
          holder TEXT NOT NULL,
          lease_until INTEGER NOT NULL
        )`,
      ],
    },
  ],
};
