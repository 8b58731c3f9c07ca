import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * Generated clients are exact (issue 13): openapi-typescript writes `unknown` where a schema does
 * not say its shape (an `anyOf` whose branches list only `required`, an object without
 * properties). The only `unknown` allowed is the value of a declared open map
 * (`additionalProperties: true` — audit details, metrics sections, problem extensions) and the
 * header maps openapi-typescript adds to every response. generated-types.type-test.ts checks
 * with `tsc` that the precise types refuse bad values (`shop: 42`).
 */
const generated = readFileSync(new URL('./schema.generated.ts', import.meta.url), 'utf8');

describe('the generated types', () => {
  it('say `unknown` only for the values of open maps', () => {
    const loose = generated
      .split('\n')
      .map((line, index) => ({ line: line.trim(), number: index + 1 }))
      .filter(({ line }) => !line.startsWith('*') && !line.startsWith('/**') && /\bunknown\b/.test(line))
      .filter(({ line }) => !/^\[(key|name): string\]: unknown;$/.test(line))
      .map(({ line, number }) => `schema.generated.ts:${number}: ${line}`);
    expect(loose, 'give these schemas their properties (each anyOf/oneOf branch too)').toEqual([]);
  });
});
