import type { Schema } from '@ezhili/contract';
import { defineSettings } from '../config/module-settings.js';

export type RetentionCategory = Schema<'RetentionCategory'>;

/** Every category, in the order a run deletes them (the shorter-lived parts of a case first). */
export const RETENTION_CATEGORIES: readonly RetentionCategory[] = [
  'evidence_originals',
  'messages',
  'identities',
  'evidence_copies',
  'closed_cases',
  'audit_events',
];

/** The environment variable of each category's period, and its default in days (docs/retention.md). */
export const RETENTION_PERIODS: Record<RetentionCategory, { env: string; days: number }> = {
  evidence_originals: { env: 'RETENTION_EVIDENCE_ORIGINALS_DAYS', days: 365 },
  messages: { env: 'RETENTION_MESSAGES_DAYS', days: 365 },
  identities: { env: 'RETENTION_IDENTITIES_DAYS', days: 365 },
  evidence_copies: { env: 'RETENTION_EVIDENCE_COPIES_DAYS', days: 1095 },
  closed_cases: { env: 'RETENTION_CLOSED_CASES_DAYS', days: 3650 },
  audit_events: { env: 'RETENTION_AUDIT_EVENTS_DAYS', days: 3650 },
};

export interface RetentionSettings {
  /** Days each category is kept: after the case's closure; audit events after their own time. */
  days: Record<RetentionCategory, number>;
  /** Hours between scheduled deletion runs (RETENTION_RUN_HOURS); 0: only `ezhili retention run`. */
  runEveryHours: number;
}

/** The categories that are parts of a case, which the case record must outlive. */
const PARTS_OF_A_CASE: readonly RetentionCategory[] = [
  'evidence_originals',
  'messages',
  'identities',
  'evidence_copies',
];

/**
 * The retention periods (`ctx.settings.of(RETENTION_SETTINGS)`), validated at start-up: each from
 * 1 day to 100 years, and in the order the law asks for (docs/retention.md): the sealed original
 * no longer than its stripped copy, and the case record at least as long as any part of it, so a
 * run never deletes a case whose evidence or identity is still meant to be kept.
 */
export const RETENTION_SETTINGS = defineSettings('retention', (read): RetentionSettings => {
  const days = {} as Record<RetentionCategory, number>;
  for (const category of RETENTION_CATEGORIES) {
    const { env, days: fallback } = RETENTION_PERIODS[category];
    days[category] = read.int(env, fallback, { min: 1, max: 36_500 });
  }
  if (days.evidence_originals > days.evidence_copies) {
    read.fail(
      `RETENTION_EVIDENCE_ORIGINALS_DAYS (${days.evidence_originals}) must not exceed RETENTION_EVIDENCE_COPIES_DAYS (${days.evidence_copies}): deleting a copy deletes its original`,
    );
  }
  for (const category of PARTS_OF_A_CASE) {
    if (days[category] > days.closed_cases) {
      read.fail(
        `${RETENTION_PERIODS[category].env} (${days[category]}) must not exceed RETENTION_CLOSED_CASES_DAYS (${days.closed_cases}): deleting a case deletes all of it`,
      );
    }
  }
  return { days, runEveryHours: read.int('RETENTION_RUN_HOURS', 24, { min: 0, max: 24 * 31 }) };
});
