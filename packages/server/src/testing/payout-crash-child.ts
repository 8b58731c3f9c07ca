/**
 * A payout process for the crash test (payouts/payout-service.test.ts): approves one claim's payout
 * against a real database and ledger, announces `LEDGER_WRITTEN` on stdout the moment the ledger
 * has the transfer, and then hangs before the database records it, waiting to be SIGKILLed.
 *
 * Usage: tsx payout-crash-child.ts <dataDir> <claimId> <financeStaffId> <now>
 *
 * `now` is the test app's clock: the lease this process takes must be measured on the clock the
 * test then moves, not on the machine's.
 */

import { createAppContext } from '../app/create-app-context.js';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import { createManualClock } from '../clock/clock.js';
import { loadConfig } from '../config/config.js';
import { createMemoryLogger } from '../logging/logger.js';
import { createFileLedgerAdapter } from '../payouts/file-ledger-adapter.js';
import type { PayoutAdapter } from '../payouts/payout-adapter.js';
import { createPayoutService } from '../payouts/payout-service.js';
import { readPayoutSettings } from '../payouts/payout-settings.js';
import { createRewardService } from '../rewards/reward-service.js';

const [dataDir, claimId, staffId, now] = process.argv.slice(2);
if (!dataDir || !claimId || !staffId || !now)
  throw new Error('usage: payout-crash-child.ts <dataDir> <claimId> <staffId> <now>');

const config = loadConfig({ EZHILI_ENV: 'test', DATA_DIR: dataDir }, { demo: true });
const ctx = await createAppContext(config, {
  clock: createManualClock(now),
  logger: createMemoryLogger().logger,
});
const ledger = createFileLedgerAdapter(readPayoutSettings(config).ledgerPath, ctx.clock);
const stallAfterLedger: PayoutAdapter = {
  name: ledger.name,
  async transfer(transfer) {
    await ledger.transfer(transfer);
    process.stdout.write('LEDGER_WRITTEN\n');
    return new Promise(() => {}); // the database update never comes
  },
};
const finance: StaffPrincipal = {
  id: staffId,
  email: 'finance@demo.local',
  displayName: 'Finance Officer',
  roles: ['finance'],
  districtCode: null,
  source: 'local',
};
const rewards = createRewardService(ctx, {
  payouts: createPayoutService(ctx, { adapter: stallAfterLedger }),
});
await rewards.approve(claimId, finance);
process.stdout.write('UNEXPECTED_FINISH\n');
