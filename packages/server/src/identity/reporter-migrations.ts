import type { ModuleMigrations } from '../db/migrations.js';

/**
 * Reporter accounts. No column holds personal data in the clear: phone and passphrase exist
 * only inside a keyed login index, the identity lives only in the payout envelope (AES-256-GCM, payout key) and in the
 * audit envelopes (sealed to the audit public key; one per identity version, never rewritten,
 * so auditors can see what identity was on file at any time).
 */
export const reporterMigrations: ModuleMigrations = {
  module: 'identity',
  migrations: [
    {
      id: '0001_reporters',
      statements: [
        // login_index: see reporterLoginIndex. Unique per phone + passphrase, so one phone may
        // hold several accounts and registering cannot reveal whether a phone is registered.
        `CREATE TABLE reporters (
          id TEXT PRIMARY KEY,
          login_index TEXT NOT NULL UNIQUE,
          login_cost INTEGER NOT NULL,
          identity_version INTEGER NOT NULL,
          payout_envelope TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        )`,
        'CREATE INDEX reporters_login_cost ON reporters (login_cost)',
        `CREATE TABLE reporter_audit_envelopes (
          reporter_id TEXT NOT NULL REFERENCES reporters (id),
          identity_version INTEGER NOT NULL,
          envelope TEXT NOT NULL,
          sealed_at TEXT NOT NULL,
          PRIMARY KEY (reporter_id, identity_version)
        )`,
        // Only the SHA-256 of a session token is stored; a database dump grants no session.
        `CREATE TABLE reporter_sessions (
          token_hash TEXT PRIMARY KEY,
          reporter_id TEXT NOT NULL REFERENCES reporters (id),
          created_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL
        )`,
        'CREATE INDEX reporter_sessions_reporter ON reporter_sessions (reporter_id)',
        'CREATE INDEX reporter_sessions_expiry ON reporter_sessions (expires_at)',
      ],
    },
  ],
};
