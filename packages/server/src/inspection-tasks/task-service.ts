import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { decodeCursor, encodeCursor } from '../http/list-cursor.js';
import { newId } from '../ids/ids.js';
import { badRequest, conflict, notFound } from '../problem/problem-error.js';
import { taskScope } from './task-scope.js';

export type InspectionTask = Schema<'InspectionTask'>;
export type InspectionTaskCompletion = Schema<'InspectionTaskCompletion'>;

/** What a risk run hands over for one shop: its score, explanation and rank in its unit. */
export interface NewInspectionTask {
  shopId: string;
  districtCode: string | null;
  score: number;
  tier: Schema<'RiskTier'>;
  priority: number;
  explanation: Schema<'RiskContribution'>[];
}

/** Inspection records made by completed tasks carry this source. */
export const TASK_INSPECTION_SOURCE = 'inspection-task';

const SELECT = `SELECT t.*, s.name AS shop_name, s.address AS shop_address
                FROM inspection_tasks t JOIN shops s ON s.id = t.shop_id`;

function rowToTask(row: Record<string, unknown>): InspectionTask {
  return {
    id: String(row.id),
    shopId: String(row.shop_id),
    shopName: String(row.shop_name),
    address: textOrNull(row.shop_address),
    assignedUnit: row.assigned_unit as InspectionTask['assignedUnit'],
    districtCode: textOrNull(row.district_code),
    riskRunId: String(row.risk_run_id),
    modelVersion: Number(row.model_version),
    score: Number(row.score),
    tier: row.tier as InspectionTask['tier'],
    priority: Number(row.priority),
    basis: 'risk_score',
    explanation: JSON.parse(String(row.explanation)) as InspectionTask['explanation'],
    status: row.status as InspectionTask['status'],
    createdAt: String(row.created_at),
    completedAt: textOrNull(row.completed_at),
    outcome: (textOrNull(row.outcome) as InspectionTask['outcome']) ?? null,
    completion: row.completion ? (JSON.parse(String(row.completion)) as InspectionTask['completion']) : null,
  };
}

/**
 * Makes a run's inspection tasks in one statement: shops that already have an open task are
 * skipped (a later run never piles up a second one). Returns how many were made per unit.
 */
export async function createInspectionTasks(
  tx: Executor,
  run: { id: string; modelVersion: number; at: Date },
  tasks: NewInspectionTask[],
): Promise<{ created: number; skippedOpenTask: number; byUnit: Record<string, number> }> {
  if (tasks.length === 0) return { created: 0, skippedOpenTask: 0, byUnit: {} };
  const rows = tasks.map((t) => [
    newId('itask', run.at),
    t.shopId,
    t.districtCode ? 'district_bureau' : 'enforcement_detachment',
    t.districtCode,
    t.score,
    t.tier,
    t.priority,
    JSON.stringify(t.explanation),
  ]);
  const inserted = await tx.execute({
    sql: `INSERT INTO inspection_tasks (id, shop_id, assigned_unit, district_code, risk_run_id, model_version, score, tier,
            priority, explanation, status, created_at)
          SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, ?2, ?3, j.value ->> 4, j.value ->> 5,
            j.value ->> 6, j.value ->> 7, 'open', ?4
          FROM json_each(?1) j WHERE true
          ON CONFLICT DO NOTHING RETURNING district_code`,
    args: [JSON.stringify(rows), run.id, run.modelVersion, run.at.toISOString()],
  });
  const byUnit: Record<string, number> = {};
  for (const row of inserted.rows) {
    const unit = row.district_code === null ? 'detachment' : String(row.district_code);
    byUnit[unit] = (byUnit[unit] ?? 0) + 1;
  }
  return { created: inserted.rows.length, skippedOpenTask: tasks.length - inserted.rows.length, byUnit };
}

/** The caller's unit's tasks: open ones first, by priority. */
export async function listInspectionTasks(
  db: Executor,
  staff: StaffPrincipal,
  query: {
    status?: 'open' | 'completed';
    districtCode?: string;
    runId?: string;
    cursor?: string;
    limit?: number;
  },
): Promise<{ items: InspectionTask[]; nextCursor: string | null }> {
  const scope = taskScope(staff);
  const where = [scope.where];
  const args: (string | number)[] = [...scope.args];
  if (query.districtCode) where.push('t.district_code = ?') && args.push(query.districtCode);
  if (query.runId) where.push('t.risk_run_id = ?') && args.push(query.runId);
  const limit = Math.min(query.limit ?? 50, 500);
  // Open tasks first, then completed ones, each by priority: one index seek per status (the
  // cursor continues within its status), so a deep page costs what the first one does.
  const after = query.cursor
    ? decodeCursor('inspection_tasks', query.cursor, ['string', 'number', 'string'])
    : undefined;
  const statuses = (['open', 'completed'] as const).filter(
    (status) =>
      (!query.status || query.status === status) && (!after || after[0] === 'open' || status === 'completed'),
  );
  const rows: Record<string, unknown>[] = [];
  for (const status of statuses) {
    if (rows.length > limit) break;
    const within = after && after[0] === status;
    rows.push(
      ...(
        await db.execute({
          sql: `${SELECT} WHERE ${[...where, 't.status = ?', ...(within ? ['(t.priority, t.id) > (?, ?)'] : [])].join(' AND ')}
                ORDER BY t.priority, t.id LIMIT ?`,
          args: [...args, status, ...(within ? [after[1], after[2]] : []), limit + 1 - rows.length],
        })
      ).rows,
    );
  }
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(rowToTask),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor('inspection_tasks', [String(last.status), Number(last.priority), String(last.id)])
        : null,
  };
}

async function loadInScope(
  db: Executor,
  staff: StaffPrincipal,
  taskId: string,
): Promise<Record<string, unknown>> {
  const scope = taskScope(staff);
  const row = (
    await db.execute({
      sql: `${SELECT} WHERE t.id = ? AND ${scope.where}`,
      args: [taskId, ...scope.args],
    })
  ).rows[0];
  // Another unit's task looks exactly like a missing one.
  if (!row) throw notFound(`No inspection task ${taskId}.`, 'inspection_task_not_found');
  return row;
}

export async function getInspectionTask(
  db: Executor,
  staff: StaffPrincipal,
  taskId: string,
): Promise<InspectionTask> {
  return rowToTask(await loadInScope(db, staff, taskId));
}

/**
 * Completes a task with the inspection's outcome and, when the inspection took place, stores it
 * as an inspection record so that the next calibration learns from it; task, record and audit
 * event commit together.
 */
export async function completeInspectionTask(
  ctx: AppContext,
  staff: StaffPrincipal,
  taskId: string,
  body: InspectionTaskCompletion,
  actor: AuditActor,
): Promise<InspectionTask> {
  const now = ctx.clock.now();
  const today = now.toISOString().slice(0, 10);
  const inspectedOn = body.inspectedOn ?? today;
  if (inspectedOn > today) throw badRequest('inspection_in_future', 'inspectedOn cannot be after today.');
  return ctx.db.transaction(async (tx) => {
    const row = await loadInScope(tx, staff, taskId);
    if (row.status !== 'open')
      throw conflict('inspection_task_completed', 'The inspection task is already completed.');
    const inspected = body.outcome === 'violation_found' || body.outcome === 'no_violation';
    const counts = { critical: body.critical ?? 0, serious: body.serious ?? 0, minor: body.minor ?? 0 };
    if (body.outcome === 'no_violation' && counts.critical + counts.serious + counts.minor > 0)
      throw badRequest('counts_without_violation', 'An inspection without violations counts none.');
    if (inspected) {
      await tx.execute({
        sql: `INSERT INTO inspections (shop_id, inspected_on, day, result, score, critical, serious, minor, source, record_key, import_id)
              VALUES (?, ?, CAST(julianday(?) - 2440587.5 AS INTEGER), ?, NULL, ?, ?, ?, ?, ?, ?)
              ON CONFLICT (source, record_key) DO NOTHING`,
        args: [
          String(row.shop_id),
          inspectedOn,
          inspectedOn,
          body.outcome === 'violation_found' ? 'fail' : 'pass',
          counts.critical,
          counts.serious,
          counts.minor,
          TASK_INSPECTION_SOURCE,
          taskId,
          taskId,
        ],
      });
    }
    const completion = { inspectedOn, ...counts, note: body.note ?? null, inspectionRecorded: inspected };
    await tx.execute({
      sql: `UPDATE inspection_tasks SET status = 'completed', completed_at = ?, completed_by = ?, outcome = ?, completion = ?
            WHERE id = ?`,
      args: [
        now.toISOString(),
        `${actor.type}:${actor.id}`,
        body.outcome,
        JSON.stringify(completion),
        taskId,
      ],
    });
    await ctx.audit.appendWithin(tx, {
      actor,
      action: 'inspection_task.completed',
      subject: { type: 'inspection_task', id: taskId },
      details: { outcome: body.outcome, shopId: String(row.shop_id), inspectionRecorded: inspected },
    });
    return rowToTask(await loadInScope(tx, staff, taskId));
  });
}
