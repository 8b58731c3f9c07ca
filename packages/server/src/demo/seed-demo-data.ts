import type { AppContext } from '../http/app-context.js';
import { seedDemoPartner } from '../partners/partner-demo.js';
import { seedDemoPlatform } from '../platforms/demo-platform.js';
import { seedDemoRiskData } from '../risk/risk-demo.js';
import { createStaffService } from '../staff/staff-service.js';
import { type AppFactory, createDemoClient } from './demo-client.js';
import { DEMO_WEEKS, runDemoScenario, wantsDemoScenario } from './demo-scenario.js';
import { DEMO_PASSWORD, DEMO_STAFF } from './demo-staff.js';

/**
 * Seeds the demo: one staff login per role (password `demo`), the demo partner, platform and
 * shops (idempotent: what exists is left alone). Given the app factory, a development start with
 * no case yet also gets the demo's six weeks of history (`demo-scenario.ts`), written through the
 * API on a clock that starts six weeks back, the logins and shops first, so the audit log reads
 * in order.
 */
export async function seedDemoData(ctx: AppContext, createApp?: AppFactory): Promise<void> {
  const history =
    createApp && (await wantsDemoScenario(ctx)) ? createDemoClient(ctx, createApp, DEMO_WEEKS) : undefined;
  const seedCtx = history?.ctx ?? ctx;
  const staff = createStaffService(seedCtx);
  const existing = await ctx.db.execute('SELECT email FROM staff_users');
  const known = new Set(existing.rows.map((row) => String(row.email).toLowerCase()));
  // scrypt runs on libuv's thread pool, so hashing the demo passwords side by side is faster.
  await Promise.all(
    DEMO_STAFF.filter((user) => !known.has(user.email)).map((user) =>
      staff.createUser({
        ...user,
        password: DEMO_PASSWORD,
        demo: true,
        // A domain reserved for testing (RFC 2606): a demo with SMTP configured mails nobody real.
        notificationEmail: user.email.replace('@demo.local', '@example.test'),
      }),
    ),
  );
  for (const seed of DEMO_SEEDERS) await seed(seedCtx);
  if (history) await runDemoScenario(history);
}

/** Demo data of later modules (partner, platform and its shops); each seeder must be idempotent. */
export const DEMO_SEEDERS: Array<(ctx: AppContext) => Promise<void>> = [
  seedDemoPartner,
  seedDemoPlatform,
  seedDemoRiskData,
];
