import { createCaseService } from '../cases/case-service.js';
import type { AppContext } from '../http/app-context.js';
import { DEMO_PLATFORM_ID } from '../platforms/demo-platform.js';
import { createStaffService } from '../staff/staff-service.js';
import { createTipSubmission } from './submit-tip.js';

const HOUR = 60 * 60 * 1000;

/**
 * Demo tips for `npm start`, about the demo platform's shops: one waiting in the intake queue,
 * one routed to the Gulou district bureau, one with the enforcement detachment. Seeds only while
 * no case exists, and never under EZHILI_ENV=test, where every test counts its own cases.
 */
export async function seedDemoTips(ctx: AppContext): Promise<void> {
  if (ctx.config.env === 'test') return;
  if ((await ctx.db.execute('SELECT 1 FROM cases LIMIT 1')).rows.length > 0) return;
  const tips = createTipSubmission(ctx);
  const cases = createCaseService(ctx);
  const observedAt = new Date(ctx.clock.now().getTime() - 20 * HOUR).toISOString();
  const submit = (platformShopId: string, districtCode: string, category: string, description: string) =>
    tips.submit({
      description,
      shop: { platformId: DEMO_PLATFORM_ID, platformShopId },
      districtCode,
      category,
      observedAt,
      insider: true,
    });
  await submit(
    'demo-2005',
    '350102',
    'expired_or_spoiled_ingredients',
    'Flour past its use-by date is mixed into the dough; the labels are torn off first.',
  );
  const general = await submit(
    'demo-2001',
    '350102',
    'unhygienic_kitchen',
    'Fish balls are shaped on the floor next to the drain; nobody washes their hands.',
  );
  const complex = await submit(
    'demo-2006',
    '350105',
    'illegal_additives',
    'A white powder from an unlabelled sack is added to the seafood to keep it looking fresh.',
  );

  const intakeRow = (await ctx.db.execute(`SELECT id FROM staff_users WHERE email = 'intake@demo.local'`))
    .rows[0];
  const intake = intakeRow && (await createStaffService(ctx).findById(String(intakeRow.id)));
  if (!intake) return;
  const caseOf = async (identityCode: string) =>
    String(
      (await ctx.db.execute({ sql: 'SELECT id FROM cases WHERE identity_code = ?', args: [identityCode] }))
        .rows[0]!.id,
    );
  await cases.triageCase(intake, await caseOf(general.identityCode), {
    decision: 'accept',
    classification: 'general',
  });
  await cases.triageCase(intake, await caseOf(complex.identityCode), {
    decision: 'accept',
    classification: 'complex',
    reason: 'Suspected illegal additive: needs laboratory tests and the detachment’s powers.',
  });
}
