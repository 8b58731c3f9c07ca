import type { ModuleMigrations } from '../db/migrations.js';

export const unsealMigrations: ModuleMigrations = {
  module: 'unseal',
  migrations: [
    {
      id: '0001_unseal_requests',
      statements: [
        // A request to open one case's reporter identity. `recipient_public_key` is the public half
        // of the requester's one-time key: shares are sealed to it, so this table never holds a
        // share (nor the opened identity) the server could read on its own.
        `CREATE TABLE unseal_requests (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES cases (id),
          tip_id TEXT NOT NULL,
          identity_code TEXT NOT NULL,
          legal_basis TEXT NOT NULL,
          reason TEXT NOT NULL,
          requested_by TEXT NOT NULL,
          audit_kid TEXT NOT NULL,
          threshold INTEGER NOT NULL,
          recipient_public_key TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'opened', 'expired')),
          created_at TEXT NOT NULL,
          expires_at TEXT NOT NULL,
          opened_at TEXT
        )`,
        'CREATE INDEX unseal_requests_case ON unseal_requests (case_id)',
        // One share per auditor and per share index; `sealed_share` is wiped (NULL) once the
        // request is opened or expires.
        `CREATE TABLE unseal_shares (
          request_id TEXT NOT NULL REFERENCES unseal_requests (id),
          auditor_id TEXT NOT NULL,
          share_index INTEGER NOT NULL,
          sealed_share TEXT,
          submitted_at TEXT NOT NULL,
          PRIMARY KEY (request_id, auditor_id),
          UNIQUE (request_id, share_index)
        )`,
        // What the reporter is told (EU 2019/1937 Art. 16): when and why their identity was opened.
        `CREATE TABLE identity_access_notices (
          id TEXT PRIMARY KEY,
          tip_id TEXT NOT NULL,
          unseal_request_id TEXT NOT NULL UNIQUE REFERENCES unseal_requests (id),
          accessed_at TEXT NOT NULL,
          legal_basis TEXT NOT NULL,
          reason TEXT NOT NULL,
          approvals INTEGER NOT NULL
        )`,
        'CREATE INDEX identity_access_notices_tip ON identity_access_notices (tip_id, accessed_at)',
      ],
    },
    {
      // A request may open a sealed original instead of the identity (docs/redaction.md): the
      // evidence file as uploaded, or a text before its redaction. `tip_id` is '' for a case that
      // came from a platform lead (no reporter to tell). The reporter's notice says what was opened.
      id: '0002_unseal_targets',
      statements: [
        `ALTER TABLE unseal_requests ADD COLUMN target_type TEXT NOT NULL DEFAULT 'identity'
          CHECK (target_type IN ('identity', 'evidence_original', 'text_original'))`,
        'ALTER TABLE unseal_requests ADD COLUMN target_id TEXT',
        "ALTER TABLE identity_access_notices ADD COLUMN opened TEXT NOT NULL DEFAULT 'identity'",
      ],
    },
  ],
};
