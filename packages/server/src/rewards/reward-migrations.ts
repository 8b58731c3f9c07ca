import type { ModuleMigrations } from '../db/migrations.js';

export const rewardMigrations: ModuleMigrations = {
  module: 'rewards',
  migrations: [
    {
      id: '0001_reward_claims',
      statements: [
        // One claim per tip (and so per case). The rule in force at claim time is kept with the
        // claim (`rules`, JSON), so a later change of the deployment's profile does not move the
        // amount of a claim already made. No reporter data: the account is found through the tip.
        `CREATE TABLE reward_claims (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL UNIQUE REFERENCES cases (id),
          tip_id TEXT NOT NULL UNIQUE REFERENCES tips (id),
          identity_code TEXT NOT NULL,
          profile_id TEXT NOT NULL,
          rules TEXT NOT NULL,
          basis_fen INTEGER NOT NULL CHECK (basis_fen >= 0),
          state TEXT NOT NULL CHECK (state IN ('claimed', 'proposed', 'determined', 'approved')),
          notice_at TEXT NOT NULL,
          claim_deadline TEXT NOT NULL,
          claimed_at TEXT NOT NULL,
          determination_due_at TEXT NOT NULL,
          level INTEGER,
          internal_whistleblower INTEGER,
          proposal_reasons TEXT,
          proposed_by TEXT,
          proposed_at TEXT,
          rule_amount_fen INTEGER,
          min_amount_fen INTEGER,
          max_amount_fen INTEGER,
          amount_fen INTEGER,
          deviation_reason TEXT,
          determined_by TEXT,
          determined_at TEXT,
          approved_by TEXT,
          approved_at TEXT,
          updated_at TEXT NOT NULL
        )`,
        'CREATE INDEX reward_claims_state ON reward_claims (state, determination_due_at)',
      ],
    },
    {
      // Claims list newest first, by state, and the open ones (overdue) from a partial index;
      // each walks in list order and stops after a page (list-query-plans.test.ts).
      id: '0002_claim_list_indexes',
      statements: [
        'CREATE INDEX reward_claims_claimed ON reward_claims (claimed_at, id)',
        'CREATE INDEX reward_claims_state_claimed ON reward_claims (state, claimed_at, id)',
        `CREATE INDEX reward_claims_open_claimed ON reward_claims (claimed_at, id)
          WHERE state IN ('claimed', 'proposed')`,
      ],
    },
  ],
};
