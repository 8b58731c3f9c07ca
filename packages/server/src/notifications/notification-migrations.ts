import type { ModuleMigrations } from '../db/migrations.js';

export const notificationMigrations: ModuleMigrations = {
  module: 'notifications',
  migrations: [
    {
      id: '0001_notifications',
      statements: [
        // One row per staff member told of one event. No creation time is kept or shown: a new
        // case's notification would otherwise record the tip's arrival. `due_date` is a calendar
        // day. `dedupe_key` names the event (kind, subject, deadline, due instant), so a sweep
        // that runs twice, or on two instances at once, records it once.
        `CREATE TABLE notifications (
          id TEXT PRIMARY KEY,
          staff_id TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('case_in_queue', 'case_assigned', 'case_deadline_soon', 'case_overdue',
            'lead_acknowledgement_overdue', 'lead_action_overdue')),
          dedupe_key TEXT NOT NULL,
          case_id TEXT,
          lead_id TEXT,
          identity_code TEXT,
          deadline TEXT CHECK (deadline IN ('acknowledgement', 'feedback', 'lead_acknowledgement', 'lead_action')),
          due_date TEXT NOT NULL,
          read_at TEXT,
          -- off: email was not configured; pending: waits for the digest; queued: in notification_emails.
          email_state TEXT NOT NULL CHECK (email_state IN ('off', 'pending', 'queued')),
          email_id TEXT
        )`,
        'CREATE UNIQUE INDEX notifications_dedupe ON notifications (staff_id, dedupe_key)',
        // "My notifications" newest first and the unread count walk these (rowid order).
        'CREATE INDEX notifications_staff ON notifications (staff_id)',
        'CREATE INDEX notifications_staff_unread ON notifications (staff_id) WHERE read_at IS NULL',
        "CREATE INDEX notifications_digest ON notifications (staff_id) WHERE email_state = 'pending'",
        // The email outbox: one row per message, written in the transaction that records its
        // notifications; the worker claims with a lease and marks it sent only while it holds
        // the lease. A message recorded as sent is never sent again. `digest_key` (staff and
        // local day) makes a day's digest one message however often it is built.
        `CREATE TABLE notification_emails (
          id TEXT PRIMARY KEY,
          staff_id TEXT NOT NULL,
          to_address TEXT NOT NULL,
          digest_key TEXT UNIQUE,
          subject TEXT NOT NULL,
          body TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL,
          lease_owner TEXT,
          lease_until INTEGER,
          last_error TEXT,
          sent_at TEXT
        )`,
        "CREATE INDEX notification_emails_due ON notification_emails (next_attempt_at) WHERE state = 'pending'",
        // How far each sweep has got: a transition rowid for queue arrivals, an instant for
        // deadlines, a local day for the digest. Advanced in the transaction that records what
        // the sweep found, so a crash repeats a window (deduplicated), never skips one.
        `CREATE TABLE notification_marks (
          name TEXT PRIMARY KEY,
          mark TEXT NOT NULL
        )`,
      ],
    },
  ],
};
