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
    {
      // Redacted photos (redactEvidence). The evidence row always describes the version everyone
      // receives: a redaction replaces its type, size, hash and storage key, and names itself in
      // `redaction_id`. Each redaction row keeps what it was drawn on (`base_storage_key`); the
      // first one's base is the stripped, unredacted copy, which stays encrypted at rest and is
      // served to nobody. Retention deletes both (docs/redaction.md).
      id: '0002_evidence_redactions',
      statements: [
        'ALTER TABLE evidence ADD COLUMN redaction_id TEXT',
        `CREATE TABLE evidence_redactions (
          id TEXT PRIMARY KEY,
          evidence_id TEXT NOT NULL REFERENCES evidence (id),
          case_id TEXT NOT NULL,
          version INTEGER NOT NULL,
          regions TEXT NOT NULL,
          reason TEXT NOT NULL,
          content_type TEXT NOT NULL,
          size INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          storage_key TEXT NOT NULL,
          base_storage_key TEXT NOT NULL,
          redacted_by TEXT NOT NULL,
          created_at TEXT NOT NULL,
          UNIQUE (evidence_id, version)
        )`,
        'CREATE INDEX evidence_redactions_case ON evidence_redactions (case_id, created_at)',
      ],
    },
    {
      // Retention (docs/retention.md) destroys a sealed original before its stripped copy: the
      // blob goes, the sealed content key is erased, and this says when, so opening it is refused
      // as deleted rather than failing on a missing blob.
      id: '0003_evidence_original_deleted',
      statements: ['ALTER TABLE evidence ADD COLUMN original_deleted_at TEXT'],
    },
  ],
};
