import type { InStatement } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCaseDeadlinesDue, listQueueArrivals } from '../cases/case-notification-feed.js';
import type { Executor } from '../db/database.js';
import { listLeadDeadlinesMissed } from '../leads/lead-deadline-feed.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

/**
 * A sweep runs every minute on every instance: each of its reads must seek an index to its window
 * (the deadline partial indexes, the transitions' rowid), never scan the cases or leads.
 */
describe('notification sweep query plans', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** The plan of every statement `read` runs. */
  async function plans(read: (executor: Executor) => Promise<unknown>): Promise<string[]> {
    const statements: InStatement[] = [];
    const recording: Executor = {
      execute: (statement) => {
        statements.push(statement);
        return t.ctx.db.execute(statement);
      },
      batch: (batch) => t.ctx.db.batch(batch),
    };
    await read(recording);
    const out: string[] = [];
    for (const statement of statements) {
      const { sql, args } = typeof statement === 'string' ? { sql: statement, args: [] } : statement;
      const rows = (await t.ctx.db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: args as never })).rows;
      out.push(rows.map((row) => String(row.detail)).join(' | '));
    }
    return out;
  }

  const window = { from: '2026-01-01T00:00:00.000Z', to: '2026-01-09T00:00:00.000Z' };
  const after = { dueAt: '2026-01-02T00:00:00.000Z', caseId: 'case_x', leadId: 'lead_x' };

  it.each([
    ['acknowledgement', 'cases_acknowledge_due'],
    ['feedback', 'cases_feedback_due'],
  ] as const)('finds cases whose %s is due in a window from %s', async (deadline, index) => {
    for (const plan of [
      ...(await plans((db) => listCaseDeadlinesDue(db, deadline, window, 200))),
      ...(await plans((db) => listCaseDeadlinesDue(db, deadline, { ...window, after }, 200))),
    ]) {
      expect(plan).toContain(`USING INDEX ${index}`);
      expect(plan).not.toMatch(/TEMP B-TREE|SCAN c\b/);
    }
  });

  it.each([
    ['lead_acknowledgement', 'leads_acknowledge_due'],
    ['lead_action', 'leads_action_due'],
  ] as const)('finds leads whose %s was missed in a window from %s', async (deadline, index) => {
    for (const plan of await plans((db) =>
      listLeadDeadlinesMissed(db, deadline, { ...window, after }, 200),
    )) {
      expect(plan).toContain(`USING INDEX ${index}`);
      expect(plan).not.toMatch(/TEMP B-TREE|SCAN leads/);
    }
  });

  it('walks the transitions after its mark by rowid', async () => {
    const [plan] = await plans((db) => listQueueArrivals(db, 10, 200));
    expect(plan).toMatch(/SEARCH t USING INTEGER PRIMARY KEY \(rowid>\?\)/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});
