import type { ModuleMigrations } from '../db/migrations.js';

export const caseMigrations: ModuleMigrations = {
  module: 'cases',
  migrations: [
    {
      id: '0001_cases',
      statements: [
        // One row per case, whatever opened it (a tip, a platform lead). The shop is kept as the
        // source named it, plus the registry shop when one matched; routing uses shop_district_code.
        // No reporter data here: the tip → reporter link lives in `tips`, which staff routes never read.
        `CREATE TABLE cases (
          id TEXT PRIMARY KEY,
          identity_code TEXT NOT NULL UNIQUE,
          source TEXT NOT NULL CHECK (source IN ('tip', 'platform_lead')),
          source_ref TEXT,
          description TEXT NOT NULL,
          category TEXT NOT NULL,
          district_code TEXT NOT NULL REFERENCES districts (code),
          shop_id TEXT,
          shop_platform_id TEXT,
          shop_platform_shop_id TEXT,
          shop_name TEXT,
          shop_address TEXT,
          shop_district_code TEXT NOT NULL,
          observed_at TEXT,
          received_at TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('received', 'triaged', 'investigating', 'closed')),
          classification TEXT CHECK (classification IN ('general', 'complex')),
          assigned_unit TEXT NOT NULL CHECK (assigned_unit IN ('intake', 'district_bureau', 'enforcement_detachment')),
          assigned_district_code TEXT,
          outcome TEXT CHECK (outcome IN ('violation_confirmed', 'not_confirmed', 'referred', 'rejected', 'duplicate')),
          penalty_fen INTEGER,
          closing_summary TEXT,
          merged_into TEXT REFERENCES cases (id),
          acknowledge_by TEXT NOT NULL,
          feedback_by TEXT NOT NULL,
          acknowledged_at TEXT,
          feedback_given_at TEXT,
          closed_at TEXT,
          updated_at TEXT NOT NULL
        )`,
        'CREATE INDEX cases_queue ON cases (assigned_unit, assigned_district_code, state, received_at)',
        'CREATE INDEX cases_received ON cases (received_at)',
        'CREATE INDEX cases_shop ON cases (shop_id)',
        `CREATE TABLE case_transitions (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES cases (id),
          at TEXT NOT NULL,
          action TEXT NOT NULL,
          from_state TEXT,
          to_state TEXT NOT NULL,
          actor TEXT NOT NULL,
          details TEXT NOT NULL DEFAULT '{}'
        )`,
        'CREATE INDEX case_transitions_case ON case_transitions (case_id, at)',
        // Internal notes: staff only, never part of any reporter-facing view.
        `CREATE TABLE case_notes (
          id TEXT PRIMARY KEY,
          case_id TEXT NOT NULL REFERENCES cases (id),
          author_staff_id TEXT NOT NULL,
          body TEXT NOT NULL,
          created_at TEXT NOT NULL
        )`,
        'CREATE INDEX case_notes_case ON case_notes (case_id, created_at)',
      ],
    },
    {
      // Lists stay as fast at a million cases as at a hundred: every filter combination of
      // listCases walks one index in id order and stops after a page (list-query-plans.test.ts
      // checks the plans). Scoped lists seek to (unit, district); an open-case filter (overdue)
      // walks the small partial indexes of open cases. Replaces cases_queue, whose order
      // (received_at) made every page sort the unit's whole history.
      id: '0002_list_indexes',
      statements: [
        'DROP INDEX cases_queue',
        'CREATE INDEX cases_scope ON cases (assigned_unit, assigned_district_code, id)',
        'CREATE INDEX cases_scope_state ON cases (assigned_unit, assigned_district_code, state, id)',
        'CREATE INDEX cases_scope_shop ON cases (assigned_unit, assigned_district_code, shop_district_code, id)',
        `CREATE INDEX cases_scope_state_shop ON cases
          (assigned_unit, assigned_district_code, state, shop_district_code, id)`,
        'CREATE INDEX cases_state ON cases (state, id)',
        'CREATE INDEX cases_shop_district ON cases (shop_district_code, id)',
        'CREATE INDEX cases_state_shop ON cases (state, shop_district_code, id)',
        "CREATE INDEX cases_open_scope ON cases (assigned_unit, assigned_district_code, id) WHERE state <> 'closed'",
        `CREATE INDEX cases_open_scope_shop ON cases (assigned_unit, assigned_district_code, shop_district_code, id)
          WHERE state <> 'closed'`,
        "CREATE INDEX cases_open ON cases (id) WHERE state <> 'closed'",
        "CREATE INDEX cases_open_shop ON cases (shop_district_code, id) WHERE state <> 'closed'",
      ],
    },
    {
      // The notifications sweep asks which open cases' deadlines fall in a time window (due
      // soon, overdue): small partial indexes of the deadlines not yet met, so a sweep reads the
      // window, not every case.
      id: '0003_deadline_sweep_indexes',
      statements: [
        "CREATE INDEX cases_acknowledge_due ON cases (acknowledge_by) WHERE acknowledged_at IS NULL AND state <> 'closed'",
        "CREATE INDEX cases_feedback_due ON cases (feedback_by) WHERE feedback_given_at IS NULL AND state <> 'closed'",
      ],
    },
    {
      // The sweep pages a window by (due instant, id): with the id in the index, a page is a
      // walk, not a sort of the window (notification-sweep-plans.test.ts).
      id: '0004_deadline_sweep_order',
      statements: [
        'DROP INDEX cases_acknowledge_due',
        'DROP INDEX cases_feedback_due',
        "CREATE INDEX cases_acknowledge_due ON cases (acknowledge_by, id) WHERE acknowledged_at IS NULL AND state <> 'closed'",
        "CREATE INDEX cases_feedback_due ON cases (feedback_by, id) WHERE feedback_given_at IS NULL AND state <> 'closed'",
      ],
    },
    {
      // Officers (issue 16.2): the staff user of the assigned unit who handles the case, null
      // while nobody has taken it. Routing to another unit clears it. The officer filter of
      // listCases seeks these indexes, in id order like every other list: a scoped queue by
      // (unit, district, officer), an unscoped one (admin, auditor) by officer alone.
      id: '0010_case_officers',
      statements: [
        'ALTER TABLE cases ADD COLUMN assigned_officer_id TEXT',
        'CREATE INDEX cases_scope_officer ON cases (assigned_unit, assigned_district_code, assigned_officer_id, id)',
        'CREATE INDEX cases_officer ON cases (assigned_officer_id, id)',
      ],
    },
  ],
};
