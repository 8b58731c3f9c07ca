import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASE_SETTINGS } from '../cases/case-settings.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { PLATFORM_SETTINGS } from '../platforms/platform-settings.js';
import { createAppContext } from './create-app-context.js';
import { loadServerConfig } from './server-config.js';

const problemsOf = (work: () => unknown): string[] => {
  try {
    work();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('settings are read and validated once, at start-up', () => {
  it('reports every bad setting, the server’s and every module’s, in one error', () => {
    const problems = problemsOf(() =>
      loadServerConfig({
        EZHILI_ENV: 'test',
        PORT: 'eighty',
        CASE_ACKNOWLEDGE_DAYS: '0',
        WEBHOOK_BATCH_SIZE: 'lots',
        REWARD_TIME_ZONE: 'Fuzhou',
        EVIDENCE_MAX_FILES_PER_TIP: '1000',
      }),
    );
    expect(problems).toHaveLength(5);
    for (const name of [
      'PORT',
      'CASE_ACKNOWLEDGE_DAYS',
      'WEBHOOK_BATCH_SIZE',
      'REWARD_TIME_ZONE',
      'EVIDENCE_MAX_FILES_PER_TIP',
    ]) {
      expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
    }
  });

  it('hands modules their typed settings', () => {
    const { settings } = loadServerConfig({
      EZHILI_ENV: 'test',
      CASE_FEEDBACK_DAYS: '30',
      WEBHOOK_BATCH_SIZE: '5',
    });
    expect(settings.of(CASE_SETTINGS)).toMatchObject({ acknowledgeDays: 7, feedbackDays: 30 });
    expect(settings.of(PLATFORM_SETTINGS).webhook.batchSize).toBe(5);
  });

  it('refuses a bad module setting before the database is opened or migrated', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ezhili-settings-'));
    const config = loadConfig({
      EZHILI_ENV: 'test',
      DATA_DIR: dataDir,
      RISK_RUN_WORKERS: 'many',
      LEAD_ACTION_WITHIN_SECONDS: '1',
    });
    const error = await createAppContext(config).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.split(' ')[0])).toEqual([
      'LEAD_ACTION_WITHIN_SECONDS',
      'RISK_RUN_WORKERS',
    ]);
    expect(existsSync(join(dataDir, 'ezhili.db'))).toBe(false);
    expect(existsSync(join(dataDir, 'keys'))).toBe(false);
  });
});
