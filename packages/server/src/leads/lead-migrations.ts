import type { ModuleMigrations } from '../db/migrations.js';

export const leadMigrations: ModuleMigrations = {
  module: 'leads',
  migrations: [
    {
      id: '0001_leads',
      statements: [
        // A lead sent to the platform that lists the shop. The platform's signed acknowledgement
        // and action are kept with it: the attestation (JSON) and the exact body it signed.
        `CREATE TABLE leads (
          id TEXT PRIMARY KEY,
          platform_id TEXT NOT NULL REFERENCES platforms (id),
          shop_id TEXT NOT NULL REFERENCES shops (id),
          case_id TEXT,
          source TEXT NOT NULL CHECK (source IN ('case', 'shop', 'risk')),
          summary TEXT NOT NULL,
          violation_category TEXT,
          status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'actioned')),
          created_at TEXT NOT NULL,
          created_by TEXT NOT NULL,
          acknowledge_due_at TEXT NOT NULL,
          action_due_at TEXT NOT NULL,
          acknowledged_at TEXT,
          acknowledgement_note TEXT,
          acknowledgement_attestation TEXT,
          acknowledgement_signed_body TEXT,
          action TEXT,
          action_at TEXT,
          action_reported_at TEXT,
          action_attestation TEXT,
          action_signed_body TEXT
        )`,
        'CREATE INDEX leads_platform ON leads (platform_id, id)',
        'CREATE INDEX leads_shop ON leads (shop_id, status)',
        'CREATE INDEX leads_created ON leads (created_at)',
        // A shop taken offline after a violation; open until an approved relisting clears it.
        `CREATE TABLE shop_takedowns (
          id TEXT PRIMARY KEY,
          shop_id TEXT NOT NULL REFERENCES shops (id),
          platform_id TEXT NOT NULL REFERENCES platforms (id),
          lead_id TEXT NOT NULL REFERENCES leads (id),
          taken_down_at TEXT NOT NULL,
          cleared_at TEXT,
          cleared_by_request_id TEXT
        )`,
        'CREATE UNIQUE INDEX shop_takedowns_open ON shop_takedowns (shop_id) WHERE cleared_at IS NULL',
        'CREATE INDEX shop_takedowns_platform ON shop_takedowns (platform_id, taken_down_at)',
        // A violation a platform reported; it opened `case_id`. Signed body kept as the attestation.
        `CREATE TABLE platform_submitted_leads (
          id TEXT PRIMARY KEY,
          platform_id TEXT NOT NULL REFERENCES platforms (id),
          case_id TEXT NOT NULL,
          platform_shop_id TEXT NOT NULL,
          received_at TEXT NOT NULL,
          attestation TEXT NOT NULL,
          signed_body TEXT NOT NULL
        )`,
        'CREATE INDEX platform_submitted_leads_platform ON platform_submitted_leads (platform_id, received_at)',
      ],
    },
    {
      id: '0002_lead_basis',
      statements: [
        // What a lead rests on (issue 17): only a confirmed case asks the platform to take the
        // shop down; a risk score is a priority check. Leads from before default by source.
        "ALTER TABLE leads ADD COLUMN basis TEXT CHECK (basis IN ('confirmed_violation', 'priority_check', 'official_report'))",
        "UPDATE leads SET basis = CASE source WHEN 'risk' THEN 'priority_check' ELSE 'official_report' END",
      ],
    },
    {
      // A platform's leads page in insertion order (rowid), by status, and its leads not yet
      // acted on (the overdue filter) from a small partial index (list-query-plans.test.ts).
      id: '0003_lead_list_indexes',
      statements: [
        'CREATE INDEX leads_platform_seq ON leads (platform_id)',
        'CREATE INDEX leads_platform_status ON leads (platform_id, status)',
        'CREATE INDEX leads_platform_open ON leads (platform_id) WHERE action IS NULL',
      ],
    },
    {
      // The notifications sweep asks which leads' deadlines passed in a time window without
      // the platform acknowledging or acting: partial indexes of the leads still waiting.
      id: '0004_deadline_sweep_indexes',
      statements: [
        'CREATE INDEX leads_acknowledge_due ON leads (acknowledge_due_at) WHERE acknowledged_at IS NULL',
        'CREATE INDEX leads_action_due ON leads (action_due_at) WHERE action IS NULL',
      ],
    },
    {
      // The sweep pages a window by (due instant, id): with the id in the index, a page is a
      // walk, not a sort of the window (notification-sweep-plans.test.ts).
      id: '0005_deadline_sweep_order',
      statements: [
        'DROP INDEX leads_acknowledge_due',
        'DROP INDEX leads_action_due',
        'CREATE INDEX leads_acknowledge_due ON leads (acknowledge_due_at, id) WHERE acknowledged_at IS NULL',
        'CREATE INDEX leads_action_due ON leads (action_due_at, id) WHERE action IS NULL',
      ],
    },
  ],
};
