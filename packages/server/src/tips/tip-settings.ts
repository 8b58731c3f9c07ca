import type { Env } from '../config/env-reader.js';
import { defineSettings, readSettings } from '../config/module-settings.js';

/** Violation categories for online catering; a deployment replaces them with TIP_CATEGORIES. */
export const DEFAULT_TIP_CATEGORIES = [
  'no_valid_licence',
  'unhygienic_kitchen',
  'expired_or_spoiled_ingredients',
  'illegal_additives',
  'false_advertising',
  'unsafe_delivery_packaging',
  'other',
] as const;

export interface TipSettings {
  categories: string[];
  /** Failed code/secret lookups allowed per client address and per identity code in the window. */
  lookupWindowSeconds: number;
  lookupMaxFailuresPerAddress: number;
  lookupMaxFailuresPerCode: number;
}

/** The tip categories and lookup limits (`ctx.settings.of(TIP_SETTINGS)`). */
export const TIP_SETTINGS = defineSettings('tips', (read): TipSettings => {
  const categories = (read.optionalString('TIP_CATEGORIES')?.split(',') ?? [...DEFAULT_TIP_CATEGORIES])
    .map((category) => category.trim())
    .filter(Boolean);
  for (const category of categories) {
    if (!/^[a-z][a-z0-9_]{1,63}$/.test(category)) {
      read.fail(`TIP_CATEGORIES entries must be snake_case identifiers, got ${JSON.stringify(category)}`);
    }
  }
  if (categories.length === 0) read.fail('TIP_CATEGORIES must list at least one category');
  const settings: TipSettings = {
    categories,
    lookupWindowSeconds: read.int('TIP_LOOKUP_WINDOW_SECONDS', 900, { min: 1 }),
    lookupMaxFailuresPerAddress: read.int('TIP_LOOKUP_MAX_FAILURES_PER_ADDRESS', 20, { min: 1 }),
    lookupMaxFailuresPerCode: read.int('TIP_LOOKUP_MAX_FAILURES_PER_CODE', 10, { min: 1 }),
  };
  return settings;
});

/** Reads the tip settings on their own; throws a ConfigError listing every problem. */
export function readTipSettings(env: Env): TipSettings {
  return readSettings(TIP_SETTINGS, { rawEnv: env });
}
