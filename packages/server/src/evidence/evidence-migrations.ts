import type { ModuleMigrations } from '../db/migrations.js';

/**
 * Evidence files of a case. The blobs are in the evidence store, encrypted; this table holds
 * what staff may see (type, size, hash of the stripped file) and the audit-only part: where the
 * unstripped original is and its content key sealed to the audit public key.
 * No foreign key to cases: the row is inserted in the same batch as its case (see
 * `insertEvidenceStatement`), whichever module owns the cases table.
 */
export const evidenceMigrations: ModuleMigrations = {
  module: 'evidence',
  migrations: [
    {
      id: '0001_evidence',
      statements: [
        `CREATE TABLE evidence (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL,
          content_type TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('photo', 'video')),
          size INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          storage_key TEXT NOT NULL,
          removed_metadata TEXT NOT NULL,
          original_sha256 TEXT NOT NULL,
          original_size INTEGER NOT NULL,
          original_storage_key TEXT NOT NULL,
          original_sealed_key TEXT NOT NULL,
          created_at TEXT NOT NULL
        )`,
        'CREATE INDEX evidence_case ON evidence (case_id, created_at)',
      ],
    },
  ],
};
