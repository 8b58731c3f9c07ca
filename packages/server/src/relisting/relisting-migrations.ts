import type { ModuleMigrations } from '../db/migrations.js';

export const relistingMigrations: ModuleMigrations = {
  module: 'relisting',
  migrations: [
    {
      id: '0001_relisting_requests',
      statements: [
        // A platform's signed request to relist a taken-down shop: its compliance review, the
        // attestation and the exact signed body; then the regulator's decision.
        `CREATE TABLE relisting_requests (
          id TEXT PRIMARY KEY,
          platform_id TEXT NOT NULL REFERENCES platforms (id),
          shop_id TEXT NOT NULL REFERENCES shops (id),
          takedown_id TEXT NOT NULL REFERENCES shop_takedowns (id),
          status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
          review TEXT NOT NULL,
          submitted_at TEXT NOT NULL,
          attestation TEXT NOT NULL,
          signed_body TEXT NOT NULL,
          decision_reasons TEXT,
          decided_at TEXT,
          decided_by TEXT
        )`,
        "CREATE UNIQUE INDEX relisting_requests_one_pending ON relisting_requests (shop_id) WHERE status = 'pending'",
        'CREATE INDEX relisting_requests_platform ON relisting_requests (platform_id, id)',
        'CREATE INDEX relisting_requests_status ON relisting_requests (status, id)',
        'CREATE INDEX relisting_requests_decided ON relisting_requests (platform_id, decided_at)',
      ],
    },
    {
      // Lists page in insertion order (rowid) by status and platform (list-query-plans.test.ts).
      id: '0002_list_indexes',
      statements: [
        'DROP INDEX relisting_requests_platform',
        'DROP INDEX relisting_requests_status',
        'CREATE INDEX relisting_requests_platform ON relisting_requests (platform_id)',
        'CREATE INDEX relisting_requests_status ON relisting_requests (status)',
        'CREATE INDEX relisting_requests_platform_status ON relisting_requests (platform_id, status)',
      ],
    },
    {
      id: '0003_relisting_breaches',
      statements: [
        // A take-down whose shop the platform put (or tried to put) online without an approved
        // relisting request: one row per take-down, however often it is tried. `handling`:
        // refused (the registry kept the shop offline) or accepted (an authoritative feed, or
        // found online by the reconciliation job and left so).
        `CREATE TABLE relisting_breaches (
          id TEXT PRIMARY KEY,
          platform_id TEXT NOT NULL REFERENCES platforms (id),
          shop_id TEXT NOT NULL REFERENCES shops (id),
          takedown_id TEXT NOT NULL UNIQUE REFERENCES shop_takedowns (id),
          source TEXT NOT NULL CHECK (source IN ('feed', 'import', 'reconciliation')),
          handling TEXT NOT NULL CHECK (handling IN ('refused', 'accepted')),
          attempts INTEGER NOT NULL,
          detected_at TEXT NOT NULL,
          last_detected_at TEXT NOT NULL
        )`,
        'CREATE INDEX relisting_breaches_platform ON relisting_breaches (platform_id, detected_at)',
      ],
    },
  ],
};
