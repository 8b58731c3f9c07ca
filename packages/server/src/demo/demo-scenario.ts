import type { AppContext } from '../http/app-context.js';
import { DEMO_PLATFORM_ID } from '../platforms/demo-platform.js';
import type { DemoClient } from './demo-client.js';
import { DEMO_REPORTERS } from './demo-reporters.js';
import { ADMIN, DETACHMENT, type DemoCase, demoSteps, GULOU, shopIdOf } from './demo-steps.js';

/** How far back the demo's history starts. */
export const DEMO_WEEKS = 6;

/** True when the demo's stories should be written: a development start without any case yet. */
export async function wantsDemoScenario(ctx: AppContext): Promise<boolean> {
  if (ctx.config.env === 'test') return false;
  return (await ctx.db.execute('SELECT 1 FROM cases LIMIT 1')).rows.length === 0;
}

/**
 * Six weeks of a regulator's work, told through the API on a clock that moves forward day by day
 * (`docs` and the README describe it): cases in every state (some taken by
 * their unit's officer, for "my cases"), one reward paid end to end and
 * others at each step, leads the platform acknowledged and acted on, a take-down, a relisting
 * decision and one awaiting it, and a yellow card. Runs once, on a development start with no
 * case yet (never under EZHILI_ENV=test, where every test counts its own cases).
 */
export async function runDemoScenario(c: DemoClient): Promise<void> {
  const s = demoSteps(c);
  const { kitchenHand, rider, cook } = DEMO_REPORTERS;
  const events: Array<{ at: number; seq: number; step: () => Promise<void> }> = [];
  /** Schedules a step `days` and `hours` before now; the steps then run in time order. */
  const on = (days: number, hours: number, step: () => Promise<void>) =>
    events.push({ at: days * 24 + hours, seq: events.length, step });
  let fishBalls!: DemoCase,
    sanfangFish!: DemoCase,
    seafood!: DemoCase,
    unlisted!: DemoCase,
    referred!: DemoCase,
    rejected!: DemoCase,
    guangbing!: DemoCase,
    duplicate!: DemoCase,
    noodles!: DemoCase,
    grill!: DemoCase,
    soup!: DemoCase,
    fishBallsAgain!: DemoCase;
  let fishBallLead!: string,
    relisted!: string,
    paidClaim!: string,
    determinedClaim!: string,
    seafoodLead!: string,
    proposedClaim!: string,
    bakeryLead!: string;

  // Week 6: a kitchen hand registers and reports the fish-ball shop; it ends in a paid reward.
  on(41, 6, async () => {
    await s.register(kitchenHand);
    fishBalls = await s.tip(
      {
        shop: 'demo-2001',
        districtCode: '350102',
        category: 'unhygienic_kitchen',
        description: 'Fish balls are shaped on the floor next to the drain; nobody washes their hands.',
      },
      kitchenHand,
    );
  });
  on(40, 5, async () => {
    await s.accept(fishBalls, 'general');
  });
  on(39, 4, async () => {
    await s.transition(fishBalls, { action: 'investigate' });
    await s.take(fishBalls);
    await s.messageReporter(fishBalls, 'Thank you. An inspection of the shop is planned for this week.');
    fishBallLead = await s.lead(
      {
        source: 'case',
        caseId: fishBalls.caseId,
        summary: 'Food prepared on the floor beside a drain; suspend the listing pending inspection.',
        violationCategory: 'unhygienic_kitchen',
      },
      GULOU,
    );
  });
  on(39, 2, async () => {
    await s.acknowledge(fishBallLead, 'Received; the compliance desk is reviewing the listing.');
  });
  on(38, 6, async () => {
    await s.reportAction(fishBallLead, 'taken_down', 'Listing offline until the kitchen is rectified.');
  });
  on(36, 3, async () => {
    await s.reporterReplies(fishBalls, 'They clean up on Mondays, when the inspectors usually come.');
    await s.note(fishBalls, 'Inspect unannounced, not on a Monday.');
  });
  on(33, 5, async () => {
    await s.confirm(fishBalls, 5_000_000, 'Inspection confirmed the floor preparation; fined 50,000 yuan.');
  });
  on(31, 4, async () => {
    relisted = await s.requestRelisting(
      shopIdOf('demo-2001'),
      'The shop rebuilt its preparation area; our compliance team re-inspected it twice.',
    );
  });
  on(30, 6, async () => {
    await s.decideRelisting(relisted, 'approved', 'Re-inspection on site found the kitchen rectified.');
    paidClaim = await s.claim(fishBalls, { loggedIn: kitchenHand });
  });
  on(28, 5, async () => {
    await s.propose(
      fishBalls,
      paidClaim,
      2,
      'Insider; photos and the cleaning pattern made the inspection work.',
    );
  });
  on(24, 5, async () => {
    await s.determine(paidClaim);
  });
  on(22, 4, async () => {
    await s.approvePayout(paidClaim);
  });
  // Week 5: an anonymous rider; the amount is determined and awaits finance.
  on(35, 7, async () => {
    sanfangFish = await s.tip({
      shop: 'demo-1002',
      districtCode: '350102',
      category: 'expired_or_spoiled_ingredients',
      description: 'Fish balls made from fish bought three days ago and kept unrefrigerated.',
      insider: false,
    });
  });
  on(34, 5, async () => {
    await s.accept(sanfangFish, 'general');
    await s.transition(sanfangFish, { action: 'investigate' });
  });
  on(26, 5, async () => {
    await s.confirm(sanfangFish, 1_200_000, 'Spoiled stock found and destroyed; fined 12,000 yuan.');
  });
  on(25, 3, async () => {
    await s.register(rider);
    determinedClaim = await s.claim(sanfangFish, { attach: rider });
  });
  on(20, 5, async () => {
    await s.propose(sanfangFish, determinedClaim, 3, 'Clues that led to the inspection.');
  });
  on(15, 5, async () => {
    await s.determine(determinedClaim);
  });
  // Week 5: a cook reports an illegal additive; complex, with the detachment; a proposal awaits.
  on(32, 6, async () => {
    await s.register(cook);
    seafood = await s.tip(
      {
        shop: 'demo-2006',
        districtCode: '350105',
        category: 'illegal_additives',
        description:
          'A white powder from an unlabelled sack is added to the seafood to keep it looking fresh.',
      },
      cook,
    );
  });
  on(31, 6, async () => {
    await s.accept(
      seafood,
      'complex',
      'Suspected illegal additive: needs laboratory tests and the detachment’s powers.',
    );
    await s.transition(seafood, { action: 'investigate' });
    await s.take(seafood);
    seafoodLead = await s.lead(
      {
        source: 'case',
        caseId: seafood.caseId,
        summary: 'Suspected illegal additive in seafood; order rectification while samples are tested.',
      },
      DETACHMENT,
    );
  });
  on(31, 2, async () => {
    await s.acknowledge(seafoodLead, 'Received.');
  });
  on(30, 5, async () => {
    await s.reportAction(
      seafoodLead,
      'rectification_ordered',
      'The stall must stop using the powder; we will check.',
    );
  });
  on(19, 5, async () => {
    await s.confirm(
      seafood,
      20_000_000,
      'Laboratory found formaldehyde; fined 200,000 yuan and products confiscated.',
    );
  });
  on(18, 4, async () => {
    proposedClaim = await s.claim(seafood, { loggedIn: cook });
  });
  on(12, 5, async () => {
    await s.propose(seafood, proposedClaim, 1, 'Insider; key evidence of a serious violation.');
  });
  // Week 4: not confirmed, referred, rejected.
  on(27, 6, async () => {
    unlisted = await s.tip({
      shop: { name: '东街无名快餐 Dongjie Fast Food', address: '鼓楼区东街 120 号' },
      districtCode: '350102',
      category: 'no_valid_licence',
      description: 'A delivery-only kitchen in a flat, cooking without any licence on the wall.',
      insider: false,
    });
  });
  on(26, 6, async () => {
    await s.accept(unlisted, 'general');
    await s.transition(unlisted, { action: 'investigate' });
  });
  on(16, 5, async () => {
    await s.transition(unlisted, {
      action: 'close',
      outcome: 'not_confirmed',
      summary: 'The flat holds a licensed central kitchen; licence shown on inspection.',
    });
  });
  on(24, 6, async () => {
    referred = await s.tip({
      shop: 'demo-2004',
      districtCode: '350111',
      category: 'false_advertising',
      description: 'The menu claims wild abalone; the boxes in the back say farmed.',
      insider: false,
    });
  });
  on(23, 5, async () => {
    await s.accept(referred, 'complex', 'Possible fraud across several platforms.');
    await s.transition(referred, { action: 'investigate' });
  });
  on(17, 5, async () => {
    await s.transition(referred, {
      action: 'close',
      outcome: 'referred',
      summary: 'Handed to the price and advertising division.',
    });
  });
  on(21, 6, async () => {
    rejected = await s.tip({
      shop: 'demo-1003',
      districtCode: '350103',
      category: 'other',
      description: 'The rider was rude and the food came late.',
      insider: false,
    });
  });
  on(20, 6, async () => {
    await s.triage(rejected, {
      decision: 'reject',
      reason: 'A service complaint, not a food-safety matter; pointed to the platform’s support.',
    });
  });
  // Week 3: the bakery; claimed, awaiting a proposal; a duplicate merged into it; its lead taken down.
  on(20, 3, async () => {
    guangbing = await s.tip({
      shop: 'demo-2005',
      districtCode: '350102',
      category: 'expired_or_spoiled_ingredients',
      description: 'Flour past its use-by date is mixed into the dough; the labels are torn off first.',
      insider: false,
    });
  });
  on(19, 5, async () => {
    await s.accept(guangbing, 'general');
    await s.transition(guangbing, { action: 'investigate' });
    duplicate = await s.tip({
      shop: 'demo-2005',
      districtCode: '350102',
      category: 'expired_or_spoiled_ingredients',
      description: 'The bakery uses old flour with the labels removed.',
      insider: false,
    });
  });
  on(18, 6, async () => {
    await s.triage(duplicate, { decision: 'merge', duplicateOfCaseId: guangbing.caseId });
    bakeryLead = await s.lead(
      { source: 'case', caseId: guangbing.caseId, summary: 'Expired flour in use; suspend the listing.' },
      GULOU,
    );
  });
  on(17, 3, async () => {
    await s.reportAction(bakeryLead, 'taken_down', 'Listing offline.');
  });
  on(9, 5, async () => {
    await s.confirm(guangbing, 300_000, 'Expired flour seized; fined 3,000 yuan.');
  });
  on(8, 4, async () => {
    await s.claim(guangbing, { attach: rider });
  });
  on(3, 5, async () => {
    await s.requestRelisting(
      shopIdOf('demo-2005'),
      'New flour supplier and a stock log; our inspector checked it.',
    );
  });
  // Week 2: closed with a confirmed violation; the reward is claimable and not yet claimed.
  on(13, 6, async () => {
    noodles = await s.tip(
      {
        shop: 'demo-1001',
        districtCode: '350102',
        category: 'unhygienic_kitchen',
        description: 'Noodles are rinsed in the mop sink.',
      },
      kitchenHand,
    );
  });
  on(12, 6, async () => {
    await s.accept(noodles, 'general');
    await s.transition(noodles, { action: 'investigate' });
    await s.take(noodles);
  });
  on(4, 5, async () => {
    await s.confirm(noodles, 800_000, 'Confirmed on inspection; fined 8,000 yuan.');
  });
  // This week and last: open cases at every step, one overdue, a lead not yet acknowledged.
  on(10, 6, async () => {
    await s.tip({
      shop: 'demo-2002',
      districtCode: '350103',
      category: 'unsafe_delivery_packaging',
      description: 'Soup is packed in bags that are not food grade; they smell of solvent.',
      insider: false,
    });
  });
  on(8, 6, async () => {
    grill = await s.tip({
      shop: 'demo-1003',
      districtCode: '350103',
      category: 'unhygienic_kitchen',
      description: 'Skewers are left out overnight in the back alley and grilled the next day.',
    });
  });
  on(7, 5, async () => {
    await s.accept(grill, 'complex', 'Spans two districts’ night markets; the detachment takes it.');
    await s.transition(grill, { action: 'investigate' });
    await s.take(grill);
  });
  on(5, 6, async () => {
    soup = await s.tip({
      shop: 'demo-2003',
      districtCode: '350104',
      category: 'no_valid_licence',
      description: 'The shop’s licence expired last year; they still sell soup every morning.',
      insider: false,
    });
  });
  on(4, 6, async () => {
    await s.accept(soup, 'complex', 'Unlicensed trading with earlier complaints.');
  });
  on(3, 6, async () => {
    fishBallsAgain = await s.tip({
      shop: 'demo-2001',
      districtCode: '350102',
      category: 'unhygienic_kitchen',
      description: 'Since the shop came back online the floor preparation has started again.',
    });
  });
  on(2, 6, async () => {
    await s.accept(fishBallsAgain, 'general');
    await s.take(fishBallsAgain);
    await s.lead(
      {
        source: 'shop',
        shopId: shopIdOf('demo-1003'),
        summary: 'Repeated complaints about food left outside overnight.',
      },
      ADMIN,
    );
  });
  on(1, 4, async () => {
    await s.tip({
      shop: 'demo-2004',
      districtCode: '350111',
      category: 'expired_or_spoiled_ingredients',
      description: 'Soup stock is reused for days and topped up each morning.',
    });
    await c.platform('POST', `/platforms/${DEMO_PLATFORM_ID}/submitted-leads`, {
      platformShopId: 'demo-1002',
      violationCategory: 'unhygienic_kitchen',
      description: 'Our rider photographed the kitchen: cockroaches on the preparation table.',
    });
  });
  // A yellow card for last month's late acknowledgements.
  on(0, 2, async () => {
    await c.call(
      'POST',
      `/platforms/${DEMO_PLATFORM_ID}/cards`,
      { color: 'yellow', reason: 'Leads acknowledged late and a take-down reported after its deadline.' },
      { token: await c.staff(DETACHMENT) },
    );
  });

  events.sort((a, b) => b.at - a.at || a.seq - b.seq);
  for (const event of events) {
    c.at(0, event.at);
    await event.step();
  }
}
