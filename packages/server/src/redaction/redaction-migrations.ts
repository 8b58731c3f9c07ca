import type { ModuleMigrations } from '../db/migrations.js';

/**
 * Text redactions (redactCaseText). The masked text replaces the original in its own table
 * (cases, case_notes, messages); the text as it was before each redaction is kept only here,
 * sealed to the audit public key, so only k of n auditors can read it (an unseal request with
 * target `text_original`). Photo redactions are the evidence module's (`evidence_redactions`).
 */
export const redactionMigrations: ModuleMigrations = {
  module: 'redaction',
  migrations: [
    {
      id: '0001_text_redactions',
      statements: [
        `CREATE TABLE text_redactions (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES cases (id),
          target_type TEXT NOT NULL CHECK (target_type IN ('description', 'note', 'message')),
          target_id TEXT,
          version INTEGER NOT NULL,
          ranges TEXT NOT NULL,
          reason TEXT NOT NULL,
          sealed_original TEXT NOT NULL,
          redacted_by TEXT NOT NULL,
          created_at TEXT NOT NULL
        )`,
        'CREATE INDEX text_redactions_case ON text_redactions (case_id, created_at)',
      ],
    },
  ],
};
