import type { ModuleMigrations } from '../db/migrations.js';

export const shopMigrations: ModuleMigrations = {
  module: 'shops',
  migrations: [
    {
      id: '0001_shops',
      statements: [
        // One row per online shop as a platform lists it (platform_id + platform_shop_id), or a
        // shop known only from a tip or an inspection record (platform columns null).
        `CREATE TABLE shops (
          id TEXT PRIMARY KEY,
          platform_id TEXT,
          platform_shop_id TEXT,
          name TEXT NOT NULL,
          address TEXT,
          district_code TEXT,
          licence_number TEXT,
          licence_expiry TEXT,
          licence_issued TEXT,
          categories TEXT NOT NULL DEFAULT '[]',
          rating REAL,
          complaint_count INTEGER NOT NULL DEFAULT 0,
          online INTEGER NOT NULL DEFAULT 1,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        )`,
        'CREATE UNIQUE INDEX shops_platform_ref ON shops (platform_id, platform_shop_id) WHERE platform_id IS NOT NULL',
        'CREATE INDEX shops_licence ON shops (licence_number)',
        'CREATE INDEX shops_district ON shops (district_code)',
        'CREATE INDEX shops_name ON shops (name)',
      ],
    },
    {
      id: '0002_shop_area_extra',
      statements: [
        // `area`: the source's own area (postal code, ward, community area) that area-level
        // covariates are keyed by; free text, unlike district_code, which routes cases.
        'ALTER TABLE shops ADD COLUMN area TEXT',
        // Any other column a mapping carries (facility type, seats, …), as a JSON object, for
        // the risk model's data-declared features.
        "ALTER TABLE shops ADD COLUMN extra TEXT NOT NULL DEFAULT '{}'",
      ],
    },
  ],
};
