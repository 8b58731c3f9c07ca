import { openapiDocument } from '@ezhili/contract';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parseIdentityCode } from '../cases/identity-code.js';
import { PROBLEM_TYPE_BASE } from '../problem/problem-error.js';
import { compileContractValidators, compileSchemaValidator, toFieldErrors } from './contract-validators.js';
import { escapePointer, indexOperations, resolveRef } from './operation-index.js';

/**
 * Examples everywhere (issue 13): every operation has a request example (when it takes a JSON
 * body), a success example (when its success answer is JSON) and an error example; every example
 * in the contract passes the schema it illustrates, checked with the server's own validators (the
 * ones the router uses on requests and responses); identity codes in examples pass their check
 * character, and problem `type`s use the host the server sends.
 *
 * Data-driven: an operation added later fails here until it has its examples.
 * `npm run examples -w @ezhili/contract` writes schema-derived ones to start from.
 */
type Json = Record<string, unknown>;
type Media = {
  schema?: unknown;
  example?: unknown;
  examples?: Record<string, { value?: unknown; $ref?: string }>;
};

const validators = compileContractValidators();
const operations = [...indexOperations().values()];

/** The example values of a media type: `example`, and each of `examples` (following $refs). */
function examplesOf(media: Media | undefined): Array<{ name: string; value: unknown }> {
  if (!media) return [];
  const found: Array<{ name: string; value: unknown }> = [];
  if (media.example !== undefined) found.push({ name: 'example', value: media.example });
  for (const [name, example] of Object.entries(media.examples ?? {})) {
    const resolved = resolveRef(openapiDocument, example, '').value as { value?: unknown };
    if (resolved.value !== undefined) found.push({ name: `examples/${name}`, value: resolved.value });
  }
  return found;
}

function contentOf(value: unknown): Record<string, Media> {
  return ((resolveRef(openapiDocument, value, '').value as { content?: Record<string, Media> }).content ??
    {}) as Record<string, Media>;
}

function failures(validate: ValidateFunction | undefined, value: unknown): string | undefined {
  if (!validate) return 'no validator for this media type';
  if (validate(value)) return undefined;
  return toFieldErrors(validate.errors)
    .map((e) => `${e.pointer} ${e.detail}`)
    .join('; ');
}

/** Every string anywhere in a value, for the identity-code and problem-type checks. */
function* strings(value: unknown): Generator<{ text: string }> {
  if (typeof value === 'string') yield { text: value };
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) yield* strings(v);
}

describe('examples in the contract', () => {
  it('are there for every operation: request (JSON body), success (JSON answer) and error', () => {
    const missing: string[] = [];
    for (const entry of operations) {
      const op = entry.operation as { requestBody?: unknown; responses?: Record<string, unknown> };
      const json = op.requestBody ? contentOf(op.requestBody)['application/json'] : undefined;
      if (json && examplesOf(json).length === 0) missing.push(`${entry.operationId}: a request example`);
      const responses = Object.entries(op.responses ?? {});
      const success = responses.filter(([status]) => /^2/.test(status));
      const jsonSuccess = success.filter(([, response]) => contentOf(response)['application/json']);
      if (
        jsonSuccess.length > 0 &&
        !jsonSuccess.some(([, response]) => examplesOf(contentOf(response)['application/json']).length > 0)
      ) {
        missing.push(`${entry.operationId}: a success response example`);
      }
      const errors = responses.filter(([status]) => /^[45]|default/.test(status));
      if (
        !errors.some(([, response]) => examplesOf(contentOf(response)['application/problem+json']).length > 0)
      ) {
        missing.push(
          `${entry.operationId}: an error example (e.g. "401": $ref "#/components/responses/Unauthorized")`,
        );
      }
    }
    expect(missing, 'npm run examples -w @ezhili/contract writes a start for the first two').toEqual([]);
  });

  it("pass their schemas, checked by the server's own request and response validators", () => {
    const invalid: string[] = [];
    let checked = 0;
    for (const entry of operations) {
      const v = validators.get(entry.operationId)!;
      const op = entry.operation as { requestBody?: unknown; responses?: Record<string, unknown> };
      if (op.requestBody) {
        for (const example of examplesOf(contentOf(op.requestBody)['application/json'])) {
          checked += 1;
          const problem = failures(v.json, example.value);
          if (problem) invalid.push(`${entry.operationId} request ${example.name}: ${problem}`);
        }
      }
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        for (const [type, media] of Object.entries(contentOf(response))) {
          // JSON only: a CSV or NDJSON example is text, and the router checks only JSON answers.
          if (!/^application\/(.+\+)?json$/.test(type)) continue;
          for (const example of examplesOf(media)) {
            checked += 1;
            const problem = failures(v.responses.get(status)?.get(type), example.value);
            if (problem) invalid.push(`${entry.operationId} ${status} ${type} ${example.name}: ${problem}`);
          }
        }
      }
    }
    for (const [name, schema] of Object.entries(openapiDocument.components?.schemas ?? {})) {
      const values = [
        ...((schema as Json).example !== undefined ? [(schema as Json).example] : []),
        ...(((schema as Json).examples as unknown[] | undefined) ?? []),
      ];
      if (values.length === 0) continue;
      const validate = compileSchemaValidator(name);
      for (const value of values) {
        checked += 1;
        const problem = failures(validate, value);
        if (problem) invalid.push(`components/schemas/${escapePointer(name)} example: ${problem}`);
      }
    }
    expect(invalid).toEqual([]);
    expect(checked).toBeGreaterThan(operations.length);
  });

  it('use identity codes that pass the check character and the problem host the server sends', () => {
    const wrong: string[] = [];
    const text = JSON.stringify(openapiDocument);
    for (const code of new Set(text.match(/\b[A-Z0-9]{1,6}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]\b/g) ?? [])) {
      if (parseIdentityCode(code) !== code) wrong.push(`identity code ${code} fails its check character`);
    }
    for (const { text: value } of strings(openapiDocument)) {
      if (/^https?:\/\/[^/]+\/problems\//.test(value) && !value.startsWith(PROBLEM_TYPE_BASE)) {
        wrong.push(`problem type ${value} is not under ${PROBLEM_TYPE_BASE}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
