import type { ModuleMigrations } from '../db/migrations.js';

export const auditMigrations: ModuleMigrations = {
  module: 'audit',
  migrations: [
    {
      id: '0001_audit_events',
      statements: [
        `CREATE TABLE audit_events (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          id TEXT NOT NULL UNIQUE,
          at TEXT NOT NULL,
          actor_type TEXT NOT NULL,
          actor_id TEXT NOT NULL,
          action TEXT NOT NULL,
          subject_type TEXT,
          subject_id TEXT,
          details TEXT NOT NULL,
          prev_hash TEXT NOT NULL,
          hash TEXT NOT NULL
        )`,
        'CREATE INDEX audit_events_subject ON audit_events (subject_type, subject_id, seq)',
        'CREATE INDEX audit_events_action ON audit_events (action, seq)',
        // The head records the last link, so deleting the newest events is detected too.
        'CREATE TABLE audit_head (singleton INTEGER PRIMARY KEY CHECK (singleton = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL)',
      ],
    },
  ],
};
