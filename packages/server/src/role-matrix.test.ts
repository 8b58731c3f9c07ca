import { openapiDocument } from '@ezhili/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES, type StaffRole } from './auth/staff-principal.js';
import { indexOperations, type OperationEntry, resolveRef } from './contract/operation-index.js';
import { DEMO_STAFF } from './demo/demo-staff.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

/**
 * Roles in the contract, enforced as written (issue 13): every operation a staff token can call
 * declares `x-roles`, and the server answers exactly that. Each such operation is called by each
 * demo staff role with a body that is invalid on purpose (`{}`, or one junk byte): a declared
 * role must get past the role check (anything but 401/403 — here mostly 400 or 404), any other
 * role must get 403, never 400: who may call comes before what was sent. Every authenticated
 * operation answers 401 without credentials and declares that 401.
 *
 * Data-driven from the contract: an operation added later is covered without editing this test,
 * and fails until it declares `x-roles` (packages/contract checks the declaration and its
 * "Roles: …" sentence) and its server agrees.
 */

interface Operation {
  'x-roles'?: unknown;
  description?: string;
  security?: Array<Record<string, unknown>>;
  requestBody?: unknown;
  parameters?: unknown[];
  responses?: Record<string, unknown>;
}

const operations = [...indexOperations().values()];
const op = (entry: OperationEntry) => entry.operation as Operation;
const schemes = (entry: OperationEntry) => (op(entry).security ?? []).flatMap((s) => Object.keys(s));
const isStaffOperation = (entry: OperationEntry) => schemes(entry).includes('staffBearer');
/** An operation needs credentials unless one of its security alternatives is `{}`. */
const isAuthenticated = (entry: OperationEntry) =>
  (op(entry).security ?? []).length > 0 &&
  (op(entry).security ?? []).every((alternative) => Object.keys(alternative).length > 0);

/** Path values that exist in no database: a role that passes the check then gets 400 or 404. */
function pathOf(entry: OperationEntry): string {
  return entry.path.replace(/\{([^}]+)\}/g, (_, name: string) => `${name.toLowerCase()}_unknown`);
}

function bodyFor(entry: OperationEntry): { type: string; body: string } | undefined {
  const { requestBody } = op(entry);
  if (!requestBody) return undefined;
  const resolved = resolveRef(openapiDocument, requestBody, '').value as {
    content?: Record<string, unknown>;
  };
  const types = Object.keys(resolved.content ?? { 'application/json': {} });
  const type = types.includes('application/json') ? 'application/json' : types[0]!;
  return { type, body: type === 'application/json' ? '{}' : '\u0000' };
}

/** The declared roles; packages/contract's contract-rules test checks that they are declared. */
function declaredRoles(entry: OperationEntry): StaffRole[] | undefined {
  const roles = op(entry)['x-roles'];
  return Array.isArray(roles) ? (roles as StaffRole[]) : undefined;
}

let t: TestApp;
const tokens = new Map<StaffRole, string>();

beforeAll(async () => {
  t = await createTestApp();
  for (const role of STAFF_ROLES) {
    const member = DEMO_STAFF.find((s) => s.roles.length === 1 && s.roles[0] === role);
    if (!member) throw new Error(`The demo staff has no login with the single role ${role}`);
    tokens.set(role, await t.login(member.email));
  }
}, 60_000);
afterAll(() => t?.close());

function call(entry: OperationEntry, headers: Record<string, string>) {
  const body = bodyFor(entry);
  return t.app.request(pathOf(entry), {
    method: entry.method.toUpperCase(),
    headers: { ...headers, ...(body && { 'content-type': body.type }) },
    ...(body && { body: body.body }),
  });
}

describe('roles in the contract (x-roles)', () => {
  it('are enforced exactly: declared roles pass the check, every other role gets 403 before validation', async () => {
    const mismatches: string[] = [];
    for (const entry of operations.filter(isStaffOperation)) {
      const declared = declaredRoles(entry) ?? [];
      for (const role of STAFF_ROLES) {
        const response = await call(entry, { authorization: `Bearer ${tokens.get(role)}` });
        const allowed = declared.includes(role);
        const ok = allowed ? response.status !== 401 && response.status !== 403 : response.status === 403;
        if (!ok) {
          mismatches.push(
            `${entry.operationId} as ${role}: ${response.status}, expected ${allowed ? 'not 401/403' : '403'} (x-roles: ${declared.join(', ') || 'none'})`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('answer 401 without credentials on every authenticated operation', async () => {
    const problems: string[] = [];
    for (const entry of operations.filter(isAuthenticated)) {
      const response = await call(entry, {});
      if (response.status !== 401)
        problems.push(`${entry.operationId}: ${response.status} without credentials`);
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
