import { openapiDocument } from '@ezhili/contract';
import fc from 'fast-check';

/**
 * fast-check arbitraries generated from the contract's JSON schemas, for the attack suite: values
 * that mostly fit the schema (so requests get past validation and reach the services), mixed
 * with hostile ones (values the database cannot store, injection strings, wrong types, junk).
 */

type Schema = Record<string, unknown>;

function resolve(schema: unknown): Schema {
  let value = (schema ?? {}) as Schema;
  for (let hops = 0; typeof value.$ref === 'string' && hops < 20; hops++) {
    value = (value.$ref as string)
      .slice(2)
      .split('/')
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .reduce<unknown>((at, key) => (at as Schema)[key], openapiDocument) as Schema;
  }
  return value;
}

/** Strings an attacker tries: out-of-range numbers, injections, traversal, control and wide characters. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  'Infinity',
  '-Infinity',
  'NaN',
  '1e309',
  '-1e309',
  '9007199254740993',
  '-0',
  "' OR 1=1 --",
  '"; DROP TABLE cases; --',
  '../../../../etc/passwd',
  '%2e%2e%2f',
  '\u0000',
  '\u202e\u200b',
  '<script>alert(1)</script>',
  '{"$ne":null}',
  'FZ-0000-0000-0',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 福州',
  'x'.repeat(5000),
];

const hostileString = fc.constantFrom(...HOSTILE_STRINGS);
const hostileNumber = fc.constantFrom(
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER - 2,
  2 ** 63,
  0.5,
  -1,
);

// Generating from a regular expression is slow; each pattern's matches are drawn once and reused.
const MATCHES = new Map<string, string[]>();
function patternMatches(pattern: string): string[] {
  let matches = MATCHES.get(pattern);
  if (!matches) {
    try {
      matches = fc
        .sample(fc.stringMatching(new RegExp(pattern, 'u')), { numRuns: 24, seed: 15 })
        .filter((s) => s.length <= 200);
    } catch {
      matches = []; // a pattern JavaScript cannot compile: plain strings instead
    }
    MATCHES.set(pattern, matches);
  }
  return matches;
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const format = schema.format;
  if (format === 'date-time') {
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (format === 'date') {
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  }
  if (format === 'uri') return fc.webUrl();
  if (format === 'email') return fc.emailAddress();
  if (typeof schema.pattern === 'string') {
    const matches = patternMatches(schema.pattern);
    if (matches.length > 0) return fc.constantFrom(...matches);
  }
  const maxLength = Math.min(Number(schema.maxLength ?? 40), 80);
  const minLength = Math.min(Number(schema.minLength ?? 0), maxLength);
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

/** Values fitting `schema` most of the time. */
export function schemaArbitrary(schemaOrRef: unknown, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(schemaOrRef);
  if (depth > 5) return fc.constant(null);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  const alternatives = (schema.oneOf ?? schema.anyOf) as unknown[] | undefined;
  if (alternatives) return fc.oneof(...alternatives.map((s) => schemaArbitrary(s, depth + 1)));
  if (Array.isArray(schema.allOf)) {
    return fc
      .tuple(...(schema.allOf as unknown[]).map((s) => schemaArbitrary(s, depth + 1)))
      .map((parts) =>
        parts.every((p) => p && typeof p === 'object' && !Array.isArray(p))
          ? Object.assign({}, ...parts)
          : parts[0],
      );
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined];
  const type = types.find((t) => t !== 'null') ?? (schema.properties ? 'object' : undefined);
  const value = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'string':
        return stringFor(schema);
      case 'integer': {
        const min = Math.max(Number(schema.minimum ?? -1_000_000), Number.MIN_SAFE_INTEGER);
        const max = Math.min(Number(schema.maximum ?? 1_000_000), Number.MAX_SAFE_INTEGER);
        return min <= max ? fc.integer({ min, max }) : fc.integer();
      }
      case 'number':
        return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(schemaArbitrary(schema.items, depth + 1), {
          minLength: Math.min(Number(schema.minItems ?? 0), 3),
          maxLength: Math.min(Math.max(Number(schema.minItems ?? 0), 3), 5),
        });
      case 'object': {
        const properties = (schema.properties ?? {}) as Record<string, unknown>;
        const required = (schema.required ?? []) as string[];
        return fc.record(
          Object.fromEntries(
            Object.entries(properties).map(([name, s]) => [name, schemaArbitrary(s, depth + 1)]),
          ),
          { requiredKeys: required.filter((name) => name in properties) },
        );
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return types.includes('null') ? fc.option(value, { nil: null, freq: 8 }) : value;
}

/** A value for `schema`, or (one time in five) a hostile or wrongly typed one. */
export function attackArbitrary(schema: unknown): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 8, arbitrary: schemaArbitrary(schema) },
    { weight: 1, arbitrary: hostileString },
    { weight: 1, arbitrary: hostileNumber },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

/** A body for `schema`: valid-looking, with hostile values spliced into its properties, or junk. */
export function bodyArbitrary(schema: unknown): fc.Arbitrary<unknown> {
  const resolved = resolve(schema);
  const properties = (resolved.properties ?? {}) as Record<string, unknown>;
  const spliced = fc
    .tuple(
      schemaArbitrary(schema),
      fc.constantFrom(...Object.keys(properties), 'unknownProperty'),
      fc.oneof(hostileString, hostileNumber, fc.jsonValue({ maxDepth: 2 })),
    )
    .map(([body, key, value]) =>
      body && typeof body === 'object' && !Array.isArray(body) ? { ...body, [key]: value } : body,
    );
  return fc.oneof(
    { weight: 5, arbitrary: schemaArbitrary(schema) },
    { weight: 3, arbitrary: spliced },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  );
}

export { resolve as resolveSchema };
