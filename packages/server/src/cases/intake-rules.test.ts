import { describe, expect, it } from 'vitest';
import type { ProblemError } from '../problem/problem-error.js';
import { checkIntake, OBSERVED_AT_CLOCK_SKEW_MS } from './intake-rules.js';

const now = new Date('2026-03-02T10:00:00Z');
const rules = { categories: ['unhygienic_kitchen', 'other'], now };
const pointers = { category: '#/category', observedAt: '#/observedAt' };
const problemOf = (report: { category: string; observedAt?: string | null }) => {
  try {
    checkIntake(report, rules, pointers);
    return undefined;
  } catch (error) {
    return error as ProblemError;
  }
};

describe('intake rules for every report that opens a case', () => {
  it('takes a known category observed up to the clock-skew tolerance ahead', () => {
    expect(problemOf({ category: 'other', observedAt: null })).toBeUndefined();
    const edge = new Date(now.getTime() + OBSERVED_AT_CLOCK_SKEW_MS).toISOString();
    expect(problemOf({ category: 'unhygienic_kitchen', observedAt: edge })).toBeUndefined();
  });

  it('refuses an unknown category and an observation from the future, naming the field', () => {
    const category = problemOf({ category: 'noise', observedAt: null });
    expect([category?.status, category?.code, category?.errors?.[0]?.pointer]).toEqual([
      422,
      'unknown_category',
      '#/category',
    ]);
    const ahead = new Date(now.getTime() + OBSERVED_AT_CLOCK_SKEW_MS + 1000).toISOString();
    const future = problemOf({ category: 'other', observedAt: ahead });
    expect([future?.code, future?.errors?.[0]?.pointer]).toEqual(['observed_in_future', '#/observedAt']);
  });
});
