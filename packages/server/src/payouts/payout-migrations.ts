import type { ModuleMigrations } from '../db/migrations.js';

export const payoutMigrations: ModuleMigrations = {
  module: 'payouts',
  migrations: [
    {
      id: '0001_payouts',
      statements: [
        // One row per payout attempt of a reward claim. The idempotency key is fixed when the row
        // is created and sent to the adapter on every try, so a retry after a crash cannot pay
        // twice. `submitting` rows carry a lease: a crashed process's payout is taken over only
        // after its lease ran out. No personal data: the payee is found through the claim's tip.
        `CREATE TABLE payouts (
          id TEXT PRIMARY KEY,
          claim_id TEXT NOT NULL,
          idempotency_key TEXT NOT NULL UNIQUE,
          payee_ref TEXT NOT NULL,
          amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
          state TEXT NOT NULL CHECK (state IN ('pending', 'submitting', 'paid', 'failed')),
          attempts INTEGER NOT NULL DEFAULT 0,
          lease_until INTEGER,
          adapter TEXT NOT NULL,
          transfer_id TEXT,
          failure_reason TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          paid_at TEXT
        )`,
        // At most one payout of a claim that is not failed: the database itself refuses a second.
        `CREATE UNIQUE INDEX payouts_one_live_per_claim ON payouts (claim_id) WHERE state <> 'failed'`,
        'CREATE INDEX payouts_due ON payouts (state, lease_until)',
      ],
    },
  ],
};
