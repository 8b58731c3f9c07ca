import { createEnvReader, type Env } from '../config/env-reader.js';

export interface LeadSettings {
  /** Default time a platform has to acknowledge a lead. */
  acknowledgeWithinSeconds: number;
  /** Default time a platform has to act (e.g. take the shop down). */
  actionWithinSeconds: number;
}

/** Lead deadlines from the environment; a lead may override them when it is created. */
export function readLeadSettings(env: Env): LeadSettings {
  const read = createEnvReader(env);
  const settings = {
    acknowledgeWithinSeconds: read.int('LEAD_ACKNOWLEDGE_WITHIN_SECONDS', 2 * 3600, {
      min: 60,
      max: 30 * 86400,
    }),
    actionWithinSeconds: read.int('LEAD_ACTION_WITHIN_SECONDS', 24 * 3600, { min: 60, max: 90 * 86400 }),
  };
  read.done();
  return settings;
}
