import type { ModuleMigrations } from '../db/migrations.js';
import { FUZHOU_CITY, FUZHOU_DISTRICTS } from './fuzhou-districts.js';

export const districtMigrations: ModuleMigrations = {
  module: 'districts',
  migrations: [
    {
      id: '0001_districts',
      statements: [
        `CREATE TABLE districts (
          code TEXT PRIMARY KEY,
          name_zh TEXT NOT NULL,
          name_en TEXT NOT NULL,
          city_code TEXT NOT NULL
        )`,
        ...FUZHOU_DISTRICTS.map((d) => ({
          sql: 'INSERT INTO districts (code, name_zh, name_en, city_code) VALUES (?, ?, ?, ?)',
          args: [d.code, d.nameZh, d.nameEn, FUZHOU_CITY.code],
        })),
      ],
    },
  ],
};
