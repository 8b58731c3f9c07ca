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
    {
      // The compact v2 layout (audit/audit-chain.ts): the log is most of a long-lived database,
      // so an event keeps codes for what repeats (its kind, its actor and subject ids), its time
      // as an integer and its hash as 32 bytes; the previous hash is the previous row's, and the
      // id is derived from seq. Events written before keep their v1 hash and, in `legacy`, the id
      // and time text it covered.
      id: '0002_audit_compact_chain',
      statements: [
        // What kind of event: who acted, what they did, on what kind of thing ('' for nothing).
        `CREATE TABLE audit_kinds (
          code INTEGER PRIMARY KEY,
          actor_type TEXT NOT NULL,
          action TEXT NOT NULL,
          subject_type TEXT NOT NULL,
          UNIQUE (action, actor_type, subject_type)
        )`,
        'CREATE INDEX audit_kinds_subject_type ON audit_kinds (subject_type)',
        // Actor and subject ids, each stored once.
        'CREATE TABLE audit_refs (code INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE)',
        `INSERT INTO audit_kinds (actor_type, action, subject_type)
          SELECT actor_type, action, coalesce(subject_type, '') FROM audit_events GROUP BY 1, 2, 3 ORDER BY min(seq)`,
        `INSERT OR IGNORE INTO audit_refs (value)
          SELECT value FROM (SELECT actor_id AS value, seq FROM audit_events
            UNION ALL SELECT subject_id, seq FROM audit_events WHERE subject_id IS NOT NULL) ORDER BY seq`,
        `CREATE TABLE audit_events_v2 (
          seq INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          kind INTEGER NOT NULL REFERENCES audit_kinds (code),
          actor INTEGER NOT NULL REFERENCES audit_refs (code),
          subject INTEGER REFERENCES audit_refs (code),
          details TEXT,
          hash BLOB NOT NULL,
          content_hash BLOB,
          legacy TEXT
        )`,
        `INSERT INTO audit_events_v2 (seq, at, kind, actor, subject, details, hash, legacy)
          SELECT e.seq, CAST(round((julianday(e.at) - 2440587.5) * 86400000) AS INTEGER), k.code, a.code, s.code,
            e.details, unhex(e.hash), json_object('id', e.id, 'at', e.at)
          FROM audit_events e
          JOIN audit_kinds k ON k.action = e.action AND k.actor_type = e.actor_type AND k.subject_type = coalesce(e.subject_type, '')
          JOIN audit_refs a ON a.value = e.actor_id
          LEFT JOIN audit_refs s ON s.value = e.subject_id
          ORDER BY e.seq`,
        'DROP TABLE audit_events',
        'ALTER TABLE audit_events_v2 RENAME TO audit_events',
        // Listing by subject (a case's history) and by kind (an action) stays a short index walk.
        'CREATE INDEX audit_events_subject ON audit_events (subject, seq) WHERE subject IS NOT NULL',
        'CREATE INDEX audit_events_kind ON audit_events (kind, seq)',
        'UPDATE audit_head SET hash = unhex(hash)',
      ],
    },
    {
      // Tombstones (retention) are found without a walk over the whole log: verification reports
      // the tombstoned ranges; there are few compared with the events.
      id: '0003_audit_tombstone_index',
      statements: [
        'CREATE INDEX audit_events_tombstoned ON audit_events (seq) WHERE content_hash IS NOT NULL',
      ],
    },
  ],
};
