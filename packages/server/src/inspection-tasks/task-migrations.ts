import type { ModuleMigrations } from '../db/migrations.js';

export const inspectionTaskMigrations: ModuleMigrations = {
  module: 'inspection-tasks',
  migrations: [
    {
      id: '0001_inspection_tasks',
      statements: [
        // A shop the risk index points officials at: one task per shop and run, for the shop's
        // district bureau (or the city enforcement detachment for a shop without a district),
        // with the score's explanation as it was when the task was made. `priority` is the
        // rank within the unit (1 = first). A completed task keeps its outcome.
        `CREATE TABLE inspection_tasks (
          id TEXT PRIMARY KEY,
          shop_id TEXT NOT NULL REFERENCES shops (id),
          assigned_unit TEXT NOT NULL CHECK (assigned_unit IN ('district_bureau', 'enforcement_detachment')),
          district_code TEXT,
          risk_run_id TEXT NOT NULL,
          model_version INTEGER NOT NULL,
          score REAL NOT NULL,
          tier TEXT NOT NULL,
          priority INTEGER NOT NULL,
          explanation TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('open', 'completed')),
          created_at TEXT NOT NULL,
          completed_at TEXT,
          completed_by TEXT,
          outcome TEXT,
          completion TEXT
        )`,
        'CREATE INDEX inspection_tasks_unit ON inspection_tasks (assigned_unit, district_code, status, priority)',
        // At most one open task per shop: a later run does not pile up a second one.
        "CREATE UNIQUE INDEX inspection_tasks_open ON inspection_tasks (shop_id) WHERE status = 'open'",
      ],
    },
    {
      // Lists seek one status at a time in priority order: per unit, for an admin, per district,
      // and per run (list-query-plans.test.ts). Replaces inspection_tasks_unit.
      id: '0002_task_list_indexes',
      statements: [
        'DROP INDEX inspection_tasks_unit',
        'CREATE INDEX inspection_tasks_unit ON inspection_tasks (assigned_unit, district_code, status, priority, id)',
        'CREATE INDEX inspection_tasks_status ON inspection_tasks (status, priority, id)',
        'CREATE INDEX inspection_tasks_district ON inspection_tasks (district_code, status, priority, id)',
        'CREATE INDEX inspection_tasks_run ON inspection_tasks (risk_run_id, status, priority, id)',
      ],
    },
  ],
};
