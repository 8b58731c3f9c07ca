import { describe, expect, it } from 'vitest';
import { openapiDocument } from './index.js';

type Operation = {
  operationId?: string;
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
  parameters?: Array<{ $ref?: string; name?: string }>;
  security?: Array<Record<string, unknown>>;
  description?: string;
  'x-roles'?: unknown;
  'x-city-wide-roles'?: unknown;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const operations = Object.entries(openapiDocument.paths).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method]).map((method) => ({ path, method, op: item[method] as Operation })),
);
const responses = (openapiDocument.components?.responses ?? {}) as Record<string, Operation['responses']>;

/** The schema $ref of an error response, following a `#/components/responses/X` reference. */
function errorSchemaRef(response: NonNullable<Operation['responses']>[string]): string | undefined {
  const resolved = response.$ref
    ? (responses[response.$ref.split('/').pop()!] as unknown as typeof response)
    : response;
  return resolved?.content?.['application/problem+json']?.schema?.$ref;
}

describe('the contract', () => {
  it('is OpenAPI 3.1 with a version', () => {
    expect(openapiDocument.openapi).toMatch(/^3\.1\./);
    expect(openapiDocument.info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('gives every operation a unique operationId', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares a default error response on every operation', () => {
    for (const { path, method, op } of operations) {
      expect(op.responses?.default, `${method} ${path}`).toBeDefined();
    }
  });

  it('describes every error response with the shared Problem schema', () => {
    for (const { path, method, op } of operations) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (!/^[45]|default/.test(status) || status === '503') continue;
        expect(errorSchemaRef(response), `${method} ${path} ${status}`).toBe('#/components/schemas/Problem');
      }
    }
  });

  it('offers an Idempotency-Key on every POST', () => {
    for (const { path, method, op } of operations.filter(({ method }) => method === 'post')) {
      const names = (op.parameters ?? []).map((p) => p.$ref ?? p.name);
      expect(names, `${method} ${path}`).toContain('#/components/parameters/IdempotencyKey');
    }
  });

  it('names a security requirement (possibly none) on every operation', () => {
    for (const { path, method, op } of operations) {
      expect(Array.isArray(op.security), `${method} ${path}`).toBe(true);
    }
  });

  // Roles in the contract (issue 13). The server's role-matrix test (packages/server/src/
  // role-matrix.test.ts) then checks that the server answers exactly what is declared here.
  it('declares x-roles on every staff operation, with a "Roles:" sentence in its description', () => {
    const known = (openapiDocument.components!.schemas!.StaffRole as { enum: string[] }).enum;
    const problems: string[] = [];
    for (const { op } of operations) {
      const schemes = (op.security ?? []).flatMap((alternative) => Object.keys(alternative));
      if (!schemes.includes('staffBearer')) continue;
      const roles = op['x-roles'];
      const example = `\`x-roles: [admin]\` and "Roles: \`admin\`." in its description`;
      if (!Array.isArray(roles) || roles.length === 0) {
        problems.push(
          `${op.operationId}: a staff operation must declare the roles that may call it, e.g. ${example}`,
        );
        continue;
      }
      const unknown = roles.filter((role) => !known.includes(role));
      if (unknown.length > 0)
        problems.push(`${op.operationId}: x-roles names unknown roles ${unknown.join(', ')}`);
      const sentence = /Roles: ([^.]*)\./.exec(op.description ?? '')?.[1];
      const unnamed = roles.filter((role) => !sentence?.includes(`\`${role}\``));
      if (sentence === undefined || unnamed.length > 0) {
        problems.push(
          `${op.operationId}: its description needs the sentence "Roles: ${roles.map((r) => `\`${r}\``).join(', ')}."`,
        );
      }
      if (roles.length < known.length && !op.responses?.['403']) {
        problems.push(`${op.operationId}: not every role may call it, so it must declare a 403 response`);
      }
    }
    expect(problems).toEqual([]);
  });

  // Least privilege for reads (issue 15): every role of a staff read sees only its own unit's rows
  // (cases by unit, shops by district), unless the read names it city-wide here and says so in a
  // sentence. The server's staff-read-scope test checks the scoped roles against real data.
  it('declares x-city-wide-roles on every staff read, each named in a "City-wide:" sentence', () => {
    const problems: string[] = [];
    for (const { method, op } of operations) {
      const schemes = (op.security ?? []).flatMap((alternative) => Object.keys(alternative));
      if (method !== 'get' || !schemes.includes('staffBearer')) continue;
      const cityWide = op['x-city-wide-roles'];
      const roles = (op['x-roles'] ?? []) as string[];
      if (!Array.isArray(cityWide)) {
        problems.push(
          `${op.operationId}: a staff read must declare which of its roles read every unit's rows, e.g. \`x-city-wide-roles: [admin]\` (or [])`,
        );
        continue;
      }
      const stray = cityWide.filter((role) => !roles.includes(role));
      if (stray.length > 0) problems.push(`${op.operationId}: x-city-wide-roles outside x-roles: ${stray}`);
      if (cityWide.length === 0) continue;
      const sentence = /City-wide: ([^.]*)\./.exec(op.description ?? '')?.[1];
      if (sentence === undefined || cityWide.some((role) => !sentence.includes(`\`${role}\``))) {
        problems.push(
          `${op.operationId}: its description needs the sentence "City-wide: ${cityWide.map((r) => `\`${r}\``).join(', ')}."`,
        );
      }
    }
    expect(problems).toEqual([]);
  });

  it('declares 401 on every operation that needs credentials', () => {
    const missing = operations
      .filter(({ op }) => (op.security ?? []).length > 0)
      .filter(({ op }) => (op.security ?? []).every((alternative) => Object.keys(alternative).length > 0))
      .filter(({ op }) => !op.responses?.['401'])
      .map(({ op }) => `${op.operationId}: declare "401": { $ref: "#/components/responses/Problem" }`);
    expect(missing).toEqual([]);
  });

  it('declares the headers the server adds: X-Request-Id on every response, Idempotent-Replayed on POST successes', () => {
    const missing: string[] = [];
    for (const { path, method, op } of operations) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const ref = (response as { $ref?: string }).$ref;
        const resolved = (ref ? responses[ref.split('/').pop()!] : response) as {
          headers?: Record<string, unknown>;
        };
        const headers = Object.keys(resolved?.headers ?? {});
        if (!headers.includes('X-Request-Id')) missing.push(`${method} ${path} ${status}: X-Request-Id`);
        if (method === 'post' && status.startsWith('2') && !headers.includes('Idempotent-Replayed'))
          missing.push(`${method} ${path} ${status}: Idempotent-Replayed`);
      }
    }
    expect(missing, 'declare them with $ref: "#/components/headers/RequestId" / IdempotentReplayed').toEqual(
      [],
    );
  });
});
