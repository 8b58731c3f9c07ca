import { availableParallelism } from 'node:os';
import type { Env } from '../config/env-reader.js';
import { defineSettings, readSettings } from '../config/module-settings.js';

export interface RiskSettings {
  /**
   * Worker processes that score a run's pages of shops beside the server (embedded databases
   * only). 0 scores in-process, page by page. Default: one per CPU on machines with more than
   * one, else 0.
   */
  runWorkers: number;
}

/** The risk engine's settings (`ctx.settings.of(RISK_SETTINGS)`). */
export const RISK_SETTINGS = defineSettings('risk', (read): RiskSettings => {
  const cpus = availableParallelism();
  return {
    runWorkers: read.int('RISK_RUN_WORKERS', cpus > 1 ? Math.min(cpus, 8) : 0, { max: 64 }),
  };
});

/** Reads the risk settings on their own; throws a ConfigError listing every problem. */
export function readRiskSettings(env: Env): RiskSettings {
  return readSettings(RISK_SETTINGS, { rawEnv: env });
}
