import type { Env } from '../config/env-reader.js';
import { defineSettings, readSettings } from '../config/module-settings.js';

export interface CaseSettings {
  /** Days from receipt to acknowledgement (EU 2019/1937 Art. 9(1)(b): 7). */
  acknowledgeDays: number;
  /** Days from acknowledgement (or from the acknowledgement deadline) to feedback (Art. 9(1)(f): 3 months). */
  feedbackDays: number;
  /** The prefix of identity codes, e.g. `FZ` for Fuzhou. */
  identityCodePrefix: string;
}

/** The case deadlines and identity-code prefix (`ctx.settings.of(CASE_SETTINGS)`). */
export const CASE_SETTINGS = defineSettings('cases', (read): CaseSettings => {
  const settings = {
    acknowledgeDays: read.int('CASE_ACKNOWLEDGE_DAYS', 7, { min: 1, max: 365 }),
    feedbackDays: read.int('CASE_FEEDBACK_DAYS', 90, { min: 1, max: 3650 }),
    identityCodePrefix: read.string('IDENTITY_CODE_PREFIX', 'FZ').toUpperCase(),
  };
  if (!/^[A-Z0-9]{1,6}$/.test(settings.identityCodePrefix)) {
    read.fail('IDENTITY_CODE_PREFIX must be 1–6 letters or digits');
  }
  return settings;
});

/** Reads the case settings on their own; throws a ConfigError listing every problem. */
export function readCaseSettings(env: Env): CaseSettings {
  return readSettings(CASE_SETTINGS, { rawEnv: env });
}
