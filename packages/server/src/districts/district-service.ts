import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';

export type District = Schema<'District'>;

export async function districtExists(db: Executor, code: string): Promise<boolean> {
  const result = await db.execute({ sql: 'SELECT 1 FROM districts WHERE code = ?', args: [code] });
  return result.rows.length > 0;
}

export async function listDistricts(db: Executor): Promise<District[]> {
  const result = await db.execute('SELECT code, name_zh, name_en, city_code FROM districts ORDER BY code');
  return result.rows.map((row) => ({
    code: String(row.code),
    nameZh: String(row.name_zh),
    nameEn: String(row.name_en),
    cityCode: String(row.city_code),
  }));
}
