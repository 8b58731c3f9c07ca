import type { ModuleMigrations } from '../db/migrations.js';

export const staffMigrations: ModuleMigrations = {
  module: 'staff',
  migrations: [
    {
      id: '0001_staff_users',
      statements: [
        `CREATE TABLE staff_users (
          id TEXT PRIMARY KEY,
          email TEXT NOT NULL UNIQUE COLLATE NOCASE,
          display_name TEXT NOT NULL,
          password_hash TEXT NOT NULL,
          roles TEXT NOT NULL,
          district_code TEXT,
          demo INTEGER NOT NULL DEFAULT 0,
          disabled INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL
        )`,
        // Failed logins, for rate limiting per account and per client address across instances.
        `CREATE TABLE login_failures (
          scope TEXT NOT NULL,
          subject TEXT NOT NULL,
          at INTEGER NOT NULL
        )`,
        'CREATE INDEX login_failures_lookup ON login_failures (scope, subject, at)',
      ],
    },
    {
      // Where a staff member's notifications are emailed, when not to the login address (a
      // shared unit mailbox, say). The demo logins (`@demo.local`) get `@example.test` addresses,
      // a domain reserved for testing, so a demo with SMTP configured mails nobody real.
      id: '0002_notification_email',
      statements: [
        'ALTER TABLE staff_users ADD COLUMN notification_email TEXT',
        `UPDATE staff_users SET notification_email = replace(email, '@demo.local', '@example.test')
          WHERE demo = 1 AND email LIKE '%@demo.local'`,
      ],
    },
  ],
};
