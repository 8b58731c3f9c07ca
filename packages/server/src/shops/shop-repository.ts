import type { Executor } from '../db/database.js';
import { bool, numberOrNull, textOrNull } from '../db/rows.js';

export interface ShopRecord {
  id: string;
  platformId: string | null;
  platformShopId: string | null;
  name: string;
  address: string | null;
  districtCode: string | null;
  licenceNumber: string | null;
  licenceExpiry: string | null;
  licenceIssued: string | null;
  categories: string[];
  rating: number | null;
  complaintCount: number;
  online: boolean;
  createdAt: string;
  updatedAt: string;
}

export function rowToShop(row: Record<string, unknown>): ShopRecord {
  return {
    id: String(row.id),
    platformId: textOrNull(row.platform_id),
    platformShopId: textOrNull(row.platform_shop_id),
    name: String(row.name),
    address: textOrNull(row.address),
    districtCode: textOrNull(row.district_code),
    licenceNumber: textOrNull(row.licence_number),
    licenceExpiry: textOrNull(row.licence_expiry),
    licenceIssued: textOrNull(row.licence_issued),
    categories: JSON.parse(String(row.categories ?? '[]')) as string[],
    rating: numberOrNull(row.rating),
    complaintCount: Number(row.complaint_count ?? 0),
    online: bool(row.online),
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
  };
}

export async function getShop(db: Executor, id: string): Promise<ShopRecord | undefined> {
  const row = (await db.execute({ sql: 'SELECT * FROM shops WHERE id = ?', args: [id] })).rows[0];
  return row ? rowToShop(row) : undefined;
}

export async function findShopByPlatformRef(
  db: Executor,
  platformId: string,
  platformShopId: string,
): Promise<ShopRecord | undefined> {
  const row = (
    await db.execute({
      sql: 'SELECT * FROM shops WHERE platform_id = ? AND platform_shop_id = ?',
      args: [platformId, platformShopId],
    })
  ).rows[0];
  return row ? rowToShop(row) : undefined;
}

/** Marks a shop online or offline (a take-down, or an approved relisting). */
export async function setShopOnline(db: Executor, id: string, online: boolean, at: Date): Promise<void> {
  await db.execute({
    sql: 'UPDATE shops SET online = ?, updated_at = ? WHERE id = ?',
    args: [online ? 1 : 0, at.toISOString(), id],
  });
}
