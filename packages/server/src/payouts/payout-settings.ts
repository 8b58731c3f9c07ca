import { isAbsolute, join, resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { defineSettings, readSettings } from '../config/module-settings.js';

export interface PayoutSettings {
  /** `file-ledger` is the one adapter shipped; a bank adapter plugs in through `PayoutAdapter`. */
  adapter: 'file-ledger';
  ledgerPath: string;
  /** How long one process may hold a payout it is submitting before another may take it over. */
  leaseSeconds: number;
  /** How often the background sweep retries pending payouts. */
  sweepSeconds: number;
}

/** `PAYOUT_ADAPTER`, `PAYOUT_LEDGER_FILE` (default DATA_DIR/payout-ledger.jsonl), `PAYOUT_LEASE_SECONDS`, `PAYOUT_SWEEP_SECONDS`. */
export const PAYOUT_SETTINGS = defineSettings('payouts', (read, config): PayoutSettings => {
  const file = read.string('PAYOUT_LEDGER_FILE', join(config.dataDir, 'payout-ledger.jsonl'));
  const settings: PayoutSettings = {
    adapter: read.oneOf('PAYOUT_ADAPTER', ['file-ledger'] as const, 'file-ledger'),
    ledgerPath: isAbsolute(file) ? file : resolve(process.cwd(), file),
    leaseSeconds: read.int('PAYOUT_LEASE_SECONDS', 120, { min: 1, max: 86_400 }),
    sweepSeconds: read.int('PAYOUT_SWEEP_SECONDS', 30, { min: 1, max: 86_400 }),
  };
  return settings;
});

/** Reads the payout settings on their own; throws a ConfigError listing every problem. */
export function readPayoutSettings(config: Pick<Config, 'rawEnv' | 'dataDir'>): PayoutSettings {
  return readSettings(PAYOUT_SETTINGS, config);
}
