import type { ModuleMigrations } from '../db/migrations.js';

export const partnerMigrations: ModuleMigrations = {
  module: 'partners',
  migrations: [
    {
      id: '0001_partners',
      statements: [
        // Apps that embed the whistleblow widget; allowed_origins is a JSON array of origin
        // patterns that become the embed pages' `frame-ancestors`.
        `CREATE TABLE partners (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          allowed_origins TEXT NOT NULL,
          enabled INTEGER NOT NULL DEFAULT 1,
          demo INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        )`,
      ],
    },
    {
      // Tips per partner, entry point and month: counters only, never a column on the tip.
      id: '0002_referral_counts',
      statements: [
        `CREATE TABLE referral_counts (
          month TEXT NOT NULL,
          partner_id TEXT NOT NULL,
          entry_point TEXT NOT NULL CHECK (entry_point IN ('splash', 'banner', 'in_app')),
          n INTEGER NOT NULL,
          PRIMARY KEY (month, partner_id, entry_point)
        ) WITHOUT ROWID`,
      ],
    },
  ],
};
