import { availableParallelism } from 'node:os';
import { createEnvReader, type Env } from '../config/env-reader.js';

export interface RiskSettings {
  /**
   * Worker processes that score a run's pages of shops beside the server (embedded databases
   * only). 0 scores in-process, page by page. Default: one per CPU on machines with more than
   * one, else 0.
   */
  runWorkers: number;
}

/** Reads the risk settings from the environment; throws a ConfigError listing every problem. */
export function readRiskSettings(env: Env): RiskSettings {
  const read = createEnvReader(env);
  const cpus = availableParallelism();
  const settings = {
    runWorkers: read.int('RISK_RUN_WORKERS', cpus > 1 ? Math.min(cpus, 8) : 0, { max: 64 }),
  };
  read.done();
  return settings;
}
