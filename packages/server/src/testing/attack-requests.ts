import { openapiDocument } from '@ezhili/contract';
import fc from 'fast-check';
import { type OperationEntry, resolveRef } from '../contract/operation-index.js';
import { attackArbitrary, bodyArbitrary, HOSTILE_STRINGS, resolveSchema } from './contract-arbitraries.js';
import type { TestPlatform } from './platform-test-kit.js';

/** Who sends a request: headers to add, or a platform that signs it. */
export type Principal = { name: string; headers: Record<string, string>; platform?: TestPlatform };

/** One generated request of the attack suite (attack-suite.test.ts). */
export interface AttackRequest {
  entry: OperationEntry;
  principal: Principal;
  target: string;
  body?: { type: string; text: string; json?: unknown };
  headers: Record<string, string>;
}

function parametersOf(entry: OperationEntry) {
  const pathItem = openapiDocument.paths[entry.path] as { parameters?: unknown[] } | undefined;
  const own = ((entry.operation as { parameters?: unknown[] }).parameters ?? []) as unknown[];
  return [...(pathItem?.parameters ?? []), ...own].map((p) => resolveSchema(p) as Record<string, unknown>);
}

/**
 * The requests of one operation (any principal), drawn by fast-check from the contract; path
 * parameters mostly from `idPool` (ids that exist), so requests reach the rows behind them.
 */
export function requestArbitrary(
  entry: OperationEntry,
  idPool: string[],
): fc.Arbitrary<Omit<AttackRequest, 'principal'>> {
  const parameters = parametersOf(entry);
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const pathArb = fc.tuple(
    ...pathParams.map((p) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...idPool) },
        {
          weight: 1,
          arbitrary: attackArbitrary(p.schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
        },
      ),
    ),
  );
  const queryArb = fc.tuple(
    ...queryParams.map((p) =>
      fc
        .option(attackArbitrary(p.schema), { nil: undefined, freq: 2 })
        .map((v) => [String(p.name), v] as const),
    ),
  );
  const requestBody = (entry.operation as { requestBody?: unknown }).requestBody;
  const content = requestBody
    ? ((
        resolveRef(openapiDocument, requestBody, '').value as {
          content?: Record<string, { schema?: unknown }>;
        }
      ).content ?? {})
    : {};
  const types = Object.keys(content);
  const bodyArb: fc.Arbitrary<AttackRequest['body']> =
    types.length === 0
      ? fc.constant(undefined)
      : fc.constantFrom(...types).chain((type) =>
          type === 'application/json'
            ? fc.oneof(
                {
                  weight: 9,
                  arbitrary: bodyArbitrary(content[type]!.schema).map((json) => ({
                    type,
                    text: JSON.stringify(json) ?? 'null',
                    json,
                  })),
                },
                {
                  weight: 1,
                  arbitrary: fc
                    .constantFrom('{', '[1,', '{"a":1e400}', '\u0000', '')
                    .map((text) => ({ type, text })),
                },
              )
            : fc
                .constantFrom(...HOSTILE_STRINGS.slice(0, 6), '{}', '--x\r\n\r\n')
                .map((text) => ({ type, text })),
        );
  return fc.tuple(pathArb, queryArb, bodyArb, fc.boolean()).map(([pathValues, query, body, withKey]) => {
    let i = 0;
    const path = entry.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(pathValues[i++] ?? '')));
    const search = new URLSearchParams();
    for (const [name, value] of query) {
      if (value === undefined) continue;
      for (const v of Array.isArray(value) ? value : [value])
        search.append(name, typeof v === 'string' ? v : JSON.stringify(v));
    }
    const target = search.size > 0 ? `${path}?${search}` : path;
    const headers: Record<string, string> = {};
    if (withKey && entry.method === 'post') headers['idempotency-key'] = crypto.randomUUID();
    return { entry, target, headers, ...(body && { body }) };
  });
}
