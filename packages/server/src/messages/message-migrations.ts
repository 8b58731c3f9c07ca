import type { ModuleMigrations } from '../db/migrations.js';

export const messageMigrations: ModuleMigrations = {
  module: 'messages',
  migrations: [
    {
      id: '0001_messages',
      statements: [
        // Reporter ↔ handler messages of a case. The reporter side is identified only by the
        // case (its identity code); the handler side keeps the staff id for the record, which
        // the reporter never sees.
        `CREATE TABLE messages (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES cases (id),
          sender TEXT NOT NULL CHECK (sender IN ('reporter', 'handler')),
          author_staff_id TEXT,
          body TEXT NOT NULL,
          sent_at TEXT NOT NULL
        )`,
        'CREATE INDEX messages_case ON messages (case_id, sent_at)',
      ],
    },
    {
      id: '0002_message_attachments',
      statements: [
        // Files a reporter sends with a reply. They are evidence files of the case (the evidence
        // table holds them, stripped and encrypted); this only records which message carried them.
        `CREATE TABLE message_attachments (
          message_id TEXT NOT NULL REFERENCES messages (id),
          evidence_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          PRIMARY KEY (message_id, position)
        )`,
      ],
    },
  ],
};
