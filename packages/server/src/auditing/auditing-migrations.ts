import type { ModuleMigrations } from '../db/migrations.js';

export const auditingMigrations: ModuleMigrations = {
  module: 'auditing',
  migrations: [
    {
      id: '0001_checkpoints_and_verifications',
      statements: [
        // The head after an intact verification, signed; the newest one starts incremental runs.
        // Copies go outside the database (file, webhook): those are what detect a rewrite.
        `CREATE TABLE audit_checkpoints (
          id TEXT PRIMARY KEY,
          seq INTEGER NOT NULL,
          hash TEXT NOT NULL,
          mode TEXT NOT NULL CHECK (mode IN ('incremental', 'full')),
          created_at TEXT NOT NULL,
          jws TEXT NOT NULL
        )`,
        'CREATE INDEX audit_checkpoints_seq ON audit_checkpoints (seq, created_at)',
        // A verification job: run by the instance that started it, which reports progress here
        // (`updated_at` is its heartbeat: a job whose heartbeat stopped is answered as failed).
        `CREATE TABLE audit_verifications (
          id TEXT PRIMARY KEY,
          mode TEXT NOT NULL CHECK (mode IN ('incremental', 'full')),
          state TEXT NOT NULL CHECK (state IN ('running', 'completed', 'failed')),
          requested_by TEXT NOT NULL,
          anchor TEXT,
          started_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          finished_at TEXT,
          events_checked INTEGER NOT NULL DEFAULT 0,
          events_total INTEGER,
          result TEXT,
          error TEXT
        )`,
        "CREATE INDEX audit_verifications_running ON audit_verifications (mode, updated_at) WHERE state = 'running'",
        "CREATE INDEX audit_verifications_finished ON audit_verifications (mode, finished_at) WHERE state = 'completed'",
      ],
    },
  ],
};
