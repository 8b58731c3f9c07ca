import type { Env } from '../config/env-reader.js';
import { defineSettings, readSettings } from '../config/module-settings.js';

export interface LeadSettings {
  /** Default time a platform has to acknowledge a lead. */
  acknowledgeWithinSeconds: number;
  /** Default time a platform has to act (e.g. take the shop down). */
  actionWithinSeconds: number;
}

/** Lead deadlines (`ctx.settings.of(LEAD_SETTINGS)`); a lead may override them when it is created. */
export const LEAD_SETTINGS = defineSettings(
  'leads',
  (read): LeadSettings => ({
    acknowledgeWithinSeconds: read.int('LEAD_ACKNOWLEDGE_WITHIN_SECONDS', 2 * 3600, {
      min: 60,
      max: 30 * 86400,
    }),
    actionWithinSeconds: read.int('LEAD_ACTION_WITHIN_SECONDS', 24 * 3600, { min: 60, max: 90 * 86400 }),
  }),
);

/** Reads the lead settings on their own; throws a ConfigError listing every problem. */
export function readLeadSettings(env: Env): LeadSettings {
  return readSettings(LEAD_SETTINGS, { rawEnv: env });
}
