import { unprocessable } from '../problem/problem-error.js';

/** What every masked passage becomes, whatever its length, so the length does not show. */
export const TEXT_MASK = '■■■';

export interface TextRange {
  start: number;
  end: number;
}

/**
 * Replaces each range (Unicode code points, end exclusive) of `text` with the mask. Ranges must
 * lie inside the text and not overlap; they may come in any order.
 */
export function maskText(text: string, ranges: readonly TextRange[]): string {
  const points = Array.from(text);
  ranges.forEach((range, index) => {
    if (range.end <= range.start) {
      throw unprocessable('empty_range', `Range ${index + 1} ends before it starts.`);
    }
    if (range.end > points.length) {
      throw unprocessable(
        'range_outside_text',
        `Range ${index + 1} ends after the text's ${points.length} characters.`,
      );
    }
  });
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i += 1) {
    if (sorted[i]!.start < sorted[i - 1]!.end)
      throw unprocessable('overlapping_ranges', 'Two ranges overlap.');
  }
  let out = '';
  let at = 0;
  for (const range of sorted) {
    out += points.slice(at, range.start).join('') + TEXT_MASK;
    at = range.end;
  }
  return out + points.slice(at).join('');
}
