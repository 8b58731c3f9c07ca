import type { AppContext } from '../http/app-context.js';
import { seedDemoPartner } from '../partners/partner-demo.js';
import { seedDemoPlatform } from '../platforms/demo-platform.js';
import { seedDemoRiskData } from '../risk/risk-demo.js';
import { createStaffService } from '../staff/staff-service.js';
import { seedDemoTips } from '../tips/tip-demo.js';
import { DEMO_PASSWORD, DEMO_STAFF } from './demo-staff.js';

/**
 * Seeds the demo: one staff login per role (password `demo`). Idempotent: existing users are
 * left alone. Other modules add their demo data through DEMO_SEEDERS.
 */
export async function seedDemoData(ctx: AppContext): Promise<void> {
  const staff = createStaffService(ctx);
  const existing = await ctx.db.execute('SELECT email FROM staff_users');
  const known = new Set(existing.rows.map((row) => String(row.email).toLowerCase()));
  // scrypt runs on libuv's thread pool, so hashing the demo passwords side by side is faster.
  await Promise.all(
    DEMO_STAFF.filter((user) => !known.has(user.email)).map((user) =>
      staff.createUser({ ...user, password: DEMO_PASSWORD, demo: true }),
    ),
  );
  for (const seed of DEMO_SEEDERS) await seed(ctx);
}

/** Demo data of later modules (shops, platforms, tips); each seeder must be idempotent. */
export const DEMO_SEEDERS: Array<(ctx: AppContext) => Promise<void>> = [
  seedDemoPartner,
  seedDemoPlatform,
  seedDemoRiskData,
  seedDemoTips,
];
