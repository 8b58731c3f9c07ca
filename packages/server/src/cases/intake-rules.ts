import { unprocessable } from '../problem/problem-error.js';

/**
 * How far ahead of the server's clock an observation time may lie: a reporter's phone or a
 * platform's server a few minutes fast is not an error; a date days ahead is.
 */
export const OBSERVED_AT_CLOCK_SKEW_MS = 10 * 60_000;

/**
 * The rules every report that opens a case passes, whoever sends it (a reporter's tip, a lead a
 * platform detected): a category this deployment handles, and no observation from the future.
 * `pointers` name the fields in the caller's request for the problem's field errors.
 */
export function checkIntake(
  report: { category: string; observedAt?: string | null | undefined },
  rules: { categories: readonly string[]; now: Date },
  pointers: { category: string; observedAt: string },
): void {
  if (!rules.categories.includes(report.category)) {
    throw unprocessable(
      'unknown_category',
      `Category ${report.category} is not one this deployment handles.`,
      [{ pointer: pointers.category, detail: `must be one of ${rules.categories.join(', ')}` }],
    );
  }
  if (report.observedAt && Date.parse(report.observedAt) > rules.now.getTime() + OBSERVED_AT_CLOCK_SKEW_MS) {
    throw unprocessable('observed_in_future', 'The time observed lies in the future.', [
      { pointer: pointers.observedAt, detail: 'is in the future' },
    ]);
  }
}
