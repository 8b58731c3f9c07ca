import type { ModuleMigrations } from '../db/migrations.js';

export const platformMigrations: ModuleMigrations = {
  module: 'platforms',
  migrations: [
    {
      id: '0001_platforms',
      statements: [
        // A platform's keys are either inline (`jwks`, JSON) or fetched from `jwks_url`.
        `CREATE TABLE platforms (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          jwks TEXT,
          jwks_url TEXT,
          webhook_url TEXT,
          webhook_enabled INTEGER NOT NULL DEFAULT 1,
          webhook_disabled_reason TEXT,
          contacts TEXT NOT NULL DEFAULT '[]',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          CHECK ((jwks IS NULL) <> (jwks_url IS NULL))
        )`,
        // Seen signature ids: a second request with the same jti is a replay. Rows outlive the
        // ±300 s iat window and are pruned after it.
        `CREATE TABLE platform_signature_jtis (
          platform_id TEXT NOT NULL,
          jti TEXT NOT NULL,
          expires_at INTEGER NOT NULL,
          PRIMARY KEY (platform_id, jti)
        )`,
        'CREATE INDEX platform_signature_jtis_expiry ON platform_signature_jtis (expires_at)',
        // The durable outbox of signed webhooks (leads, relisting decisions, cards). `id` is the
        // Standard Webhooks `webhook-id`; `payload` is the exact body that is signed and sent.
        `CREATE TABLE webhook_outbox (
          id TEXT PRIMARY KEY,
          platform_id TEXT NOT NULL REFERENCES platforms (id),
          event_type TEXT NOT NULL,
          subject_id TEXT NOT NULL,
          payload TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER,
          lease_owner TEXT,
          lease_until INTEGER,
          last_status INTEGER,
          last_error TEXT,
          created_at TEXT NOT NULL,
          delivered_at TEXT
        )`,
        'CREATE INDEX webhook_outbox_due ON webhook_outbox (state, next_attempt_at)',
        'CREATE INDEX webhook_outbox_platform ON webhook_outbox (platform_id, state, id)',
      ],
    },
    {
      // Delivery lists page in insertion order (rowid) per platform and state: an index whose
      // last column is the filter keeps them in that order (issue 18, list-query-plans.test.ts).
      id: '0002_delivery_list_indexes',
      statements: [
        'DROP INDEX webhook_outbox_platform',
        'CREATE INDEX webhook_outbox_platform ON webhook_outbox (platform_id)',
        'CREATE INDEX webhook_outbox_platform_state ON webhook_outbox (platform_id, state)',
      ],
    },
    {
      // Opt-in symmetric `v1` signatures (issue 13): each platform's `whsec_` secrets, encrypted
      // under webhook.key. `expires_at` NULL is the current secret; a rotated-out one signs until
      // its expiry (the overlap), so a receiver switching secrets never sees a gap.
      id: '0003_webhook_secrets',
      statements: [
        `CREATE TABLE platform_webhook_secrets (
          id TEXT PRIMARY KEY,
          platform_id TEXT NOT NULL REFERENCES platforms (id),
          sealed TEXT NOT NULL,
          created_at TEXT NOT NULL,
          expires_at INTEGER
        )`,
        'CREATE INDEX platform_webhook_secrets_platform ON platform_webhook_secrets (platform_id, expires_at)',
      ],
    },
  ],
};
