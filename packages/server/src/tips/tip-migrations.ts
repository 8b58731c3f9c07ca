import type { ModuleMigrations } from '../db/migrations.js';

export const tipMigrations: ModuleMigrations = {
  module: 'tips',
  migrations: [
    {
      id: '0001_tips',
      statements: [
        // The tip behind a case: the receipt secret's hash and the link to a reporter account.
        // reporter_id is null for anonymous tips and may be set later when the reporter attaches
        // an account (to claim a reward). No staff route reads this table.
        `CREATE TABLE tips (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL UNIQUE REFERENCES cases (id),
          receipt_secret_hash TEXT NOT NULL,
          reporter_id TEXT,
          insider INTEGER NOT NULL DEFAULT 0,
          submitted_at TEXT NOT NULL
        )`,
        'CREATE INDEX tips_reporter ON tips (reporter_id)',
        // Failed identity-code/receipt-secret lookups (hashed subjects), for rate limiting
        // across instances.
        `CREATE TABLE tip_lookup_failures (
          scope TEXT NOT NULL,
          subject TEXT NOT NULL,
          at INTEGER NOT NULL
        )`,
        'CREATE INDEX tip_lookup_failures_lookup ON tip_lookup_failures (scope, subject, at)',
      ],
    },
  ],
};
