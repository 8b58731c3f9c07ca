import type { ModuleMigrations } from '../db/migrations.js';

export const consoleMigrations: ModuleMigrations = {
  module: 'console',
  migrations: [
    {
      id: '0001_console_sessions',
      statements: [
        // id is the SHA-256 of the cookie's token; the token itself is never stored.
        // principal: the provider's claims for OIDC sessions (local ones read the account afresh).
        `CREATE TABLE console_sessions (
          id TEXT PRIMARY KEY,
          staff_id TEXT NOT NULL,
          source TEXT NOT NULL,
          principal TEXT,
          csrf_token TEXT NOT NULL,
          idle_timeout_seconds INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          last_seen_at INTEGER NOT NULL,
          expires_at INTEGER NOT NULL,
          ended_at INTEGER
        )`,
        'CREATE INDEX console_sessions_expiry ON console_sessions (expires_at)',
      ],
    },
  ],
};
