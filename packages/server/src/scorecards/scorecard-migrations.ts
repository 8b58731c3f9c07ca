import type { ModuleMigrations } from '../db/migrations.js';

export const scorecardMigrations: ModuleMigrations = {
  module: 'scorecards',
  migrations: [
    {
      id: '0001_platform_cards',
      statements: [
        `CREATE TABLE platform_cards (
          id TEXT PRIMARY KEY,
          platform_id TEXT NOT NULL REFERENCES platforms (id),
          color TEXT NOT NULL CHECK (color IN ('yellow', 'red')),
          reason TEXT NOT NULL,
          period TEXT NOT NULL,
          rule_id TEXT,
          issued_at TEXT NOT NULL,
          issued_by TEXT NOT NULL
        )`,
        'CREATE INDEX platform_cards_platform ON platform_cards (platform_id, id)',
        'CREATE INDEX platform_cards_issued ON platform_cards (platform_id, issued_at)',
      ],
    },
    {
      // A platform's cards page in insertion order (rowid) (list-query-plans.test.ts).
      id: '0002_card_list_index',
      statements: [
        'DROP INDEX platform_cards_platform',
        'CREATE INDEX platform_cards_platform ON platform_cards (platform_id)',
      ],
    },
  ],
};
