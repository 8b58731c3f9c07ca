import type { StaffRole } from '../auth/staff-principal.js';
import { isStaffRole } from '../auth/staff-principal.js';
import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';

/** A staff user as other modules may see them: no email, no password, no login state. */
export interface StaffDirectoryEntry {
  id: string;
  displayName: string;
  roles: StaffRole[];
  districtCode: string | null;
  active: boolean;
}

function rowToEntry(row: Record<string, unknown>): StaffDirectoryEntry {
  return {
    id: String(row.id),
    displayName: String(row.display_name),
    roles: (JSON.parse(String(row.roles)) as unknown[]).filter(isStaffRole),
    districtCode: textOrNull(row.district_code),
    active: Number(row.disabled) === 0,
  };
}

const COLUMNS = 'id, display_name, roles, district_code, disabled';

/**
 * The staff directory, for modules above staff (cases assigns officers from it): reads of
 * `staff_users` without credentials. The table stays small (a bureau's staff), so these read it
 * whole or by id.
 */
export async function findStaffEntry(
  executor: Executor,
  id: string,
): Promise<StaffDirectoryEntry | undefined> {
  const row = (await executor.execute({ sql: `SELECT ${COLUMNS} FROM staff_users WHERE id = ?`, args: [id] }))
    .rows[0];
  return row ? rowToEntry(row) : undefined;
}

/** Every active staff user, by name. */
export async function listActiveStaffEntries(executor: Executor): Promise<StaffDirectoryEntry[]> {
  const result = await executor.execute(
    `SELECT ${COLUMNS} FROM staff_users WHERE disabled = 0 ORDER BY display_name, id`,
  );
  return result.rows.map(rowToEntry);
}

/** Display names by id (deactivated users included: a name on an old record stays readable). */
export async function staffDisplayNames(
  executor: Executor,
  ids: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const result = await executor.execute({
    sql: `SELECT id, display_name FROM staff_users WHERE id IN (${unique.map(() => '?').join(', ')})`,
    args: unique,
  });
  return new Map(result.rows.map((row) => [String(row.id), String(row.display_name)]));
}
