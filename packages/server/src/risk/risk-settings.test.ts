import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/env-reader.js';
import { createTestApp } from '../testing/test-app.js';
import { readRiskSettings } from './risk-settings.js';

describe('risk settings', () => {
  it('uses a worker per CPU on machines with more than one, none on one', () => {
    const cpus = availableParallelism();
    expect(readRiskSettings({}).runWorkers).toBe(cpus > 1 ? Math.min(cpus, 8) : 0);
    expect(readRiskSettings({ RISK_RUN_WORKERS: '0' }).runWorkers).toBe(0);
    expect(readRiskSettings({ RISK_RUN_WORKERS: '3' }).runWorkers).toBe(3);
  });

  it('refuses a value that is not a worker count, at start-up', async () => {
    expect(() => readRiskSettings({ RISK_RUN_WORKERS: 'many' })).toThrow(ConfigError);
    expect(() => readRiskSettings({ RISK_RUN_WORKERS: '-1' })).toThrow(/RISK_RUN_WORKERS/);
    await expect(createTestApp({ RISK_RUN_WORKERS: 'many' })).rejects.toThrow(/RISK_RUN_WORKERS/);
  });
});
