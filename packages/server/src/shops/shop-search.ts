import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';

export type ShopSearchHit = Schema<'ShopSearchHit'>;

/**
 * Name search among known shops for the whistleblow widget's picker. Public: it returns only what
 * a platform shows diners (name, address, district, listing), never licence, rating or risk data.
 * Names starting with the query come first, then shorter names.
 */
export async function searchShops(
  db: Executor,
  query: { q: string; district?: string; limit?: number },
): Promise<ShopSearchHit[]> {
  const q = query.q.trim().toLowerCase();
  if (q === '') return [];
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  const args: (string | number)[] = [`%${escaped}%`];
  let where = `lower(name) LIKE ? ESCAPE '\\'`;
  if (query.district) {
    where += ' AND district_code = ?';
    args.push(query.district);
  }
  const rows = await db.execute({
    sql: `SELECT id, name, address, district_code, platform_id, platform_shop_id FROM shops WHERE ${where}
          ORDER BY (instr(lower(name), ?) = 1) DESC, length(name), name, id LIMIT ?`,
    args: [...args, q, Math.min(query.limit ?? 10, 50)],
  });
  return rows.rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    address: textOrNull(r.address),
    districtCode: textOrNull(r.district_code),
    platformId: textOrNull(r.platform_id),
    platformShopId: textOrNull(r.platform_shop_id),
  }));
}
