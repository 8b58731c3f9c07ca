import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Config } from '../config/config.js';
import type { EnvReader } from '../config/env-reader.js';
import { defineSettings, readSettings } from '../config/module-settings.js';
import { compileSchemaValidator, toFieldErrors } from '../contract/contract-validators.js';
import { type RewardRules, SHIPPED_REWARD_PROFILES } from './reward-profiles.js';
import { formatUtcOffset, parseUtcOffset, type WorkingDayCalendar } from './working-days.js';

export interface RewardSettings {
  rules: RewardRules;
  calendar: WorkingDayCalendar;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
let validateRules: ReturnType<typeof compileSchemaValidator> | undefined;

/**
 * Checks a reward profile against the contract's `RewardRules` schema and the rules the schema
 * cannot say (distinct level numbers); returns the problems, empty when it is sound.
 */
export function checkRewardRules(candidate: unknown): string[] {
  validateRules ??= compileSchemaValidator('RewardRules');
  if (!validateRules(candidate)) {
    return toFieldErrors(validateRules.errors).map((error) => `${error.pointer} ${error.detail}`);
  }
  const levels = (candidate as RewardRules).levels.map((level) => level.level);
  if (new Set(levels).size !== levels.length) return ['#/levels has the same level number twice'];
  return [];
}

function dateList(read: EnvReader, name: string): Set<string> {
  const raw = read.optionalString(name);
  const dates = new Set<string>();
  for (const part of (raw ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    if (!DATE.test(part) || Number.isNaN(Date.parse(`${part}T00:00:00Z`))) {
      read.fail(`${name} must be a comma-separated list of YYYY-MM-DD dates, got ${JSON.stringify(part)}`);
    } else dates.add(part);
  }
  return dates;
}

/**
 * The reward settings of a deployment, validated at start-up (a bad profile stops the server with
 * every problem listed):
 * - `REWARD_PROFILE`: a shipped profile id (`samr-2021`, the default, or `fuzhou-2019-online-catering`);
 * - `REWARD_PROFILE_FILE`: a JSON profile of the deployment's own (wins over `REWARD_PROFILE`);
 * - `REWARD_TIME_ZONE`: the UTC offset deadlines are counted in (default `+08:00`);
 * - `REWARD_HOLIDAYS`, `REWARD_EXTRA_WORKING_DAYS`: comma-separated `YYYY-MM-DD` dates.
 */
export const REWARD_SETTINGS = defineSettings('rewards', (read): RewardSettings => {
  const file = read.optionalString('REWARD_PROFILE_FILE');
  let rules: RewardRules = SHIPPED_REWARD_PROFILES['samr-2021']!;
  if (file) {
    const path = isAbsolute(file) ? file : resolve(process.cwd(), file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      read.fail(`REWARD_PROFILE_FILE ${path} cannot be read as JSON: ${(error as Error).message}`);
    }
    if (parsed !== undefined) {
      const problems = checkRewardRules(parsed);
      for (const problem of problems) read.fail(`REWARD_PROFILE_FILE ${path}: ${problem}`);
      if (problems.length === 0) rules = parsed as RewardRules;
    }
  } else {
    const id = read.oneOf('REWARD_PROFILE', Object.keys(SHIPPED_REWARD_PROFILES), 'samr-2021');
    rules = SHIPPED_REWARD_PROFILES[id]!;
  }
  const zone = read.string('REWARD_TIME_ZONE', '+08:00');
  const offsetMinutes = parseUtcOffset(zone);
  if (offsetMinutes === undefined)
    read.fail(`REWARD_TIME_ZONE must be a UTC offset like +08:00, got ${JSON.stringify(zone)}`);
  const calendar: WorkingDayCalendar = {
    offsetMinutes: offsetMinutes ?? 480,
    holidays: dateList(read, 'REWARD_HOLIDAYS'),
    extraWorkingDays: dateList(read, 'REWARD_EXTRA_WORKING_DAYS'),
  };
  return { rules, calendar };
});

/** Reads the reward settings on their own; throws a ConfigError listing every problem. */
export function loadRewardSettings(config: Pick<Config, 'rawEnv'>): RewardSettings {
  return readSettings(REWARD_SETTINGS, config);
}

/** The public view of the settings (`getRewardRules`). */
export function toRewardRulesView(settings: RewardSettings) {
  return {
    rules: settings.rules,
    calendar: {
      timeZone: formatUtcOffset(settings.calendar.offsetMinutes),
      workingDays: 'Mon-Fri' as const,
      holidays: [...settings.calendar.holidays].sort(),
      extraWorkingDays: [...settings.calendar.extraWorkingDays].sort(),
    },
  };
}
