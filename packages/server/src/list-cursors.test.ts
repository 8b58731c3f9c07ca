import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from './auth/staff-principal.js';
import { indexOperations } from './contract/operation-index.js';
import { DEMO_STAFF } from './demo/demo-staff.js';
import { encodeCursor } from './http/list-cursor.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

/**
 * Cursors are opaque and validated the same way on every list (issue 13): every operation that
 * takes the contract's `Cursor` parameter answers 400 `invalid_cursor` for garbage, for a raw id
 * and for a well-formed cursor of another list. Data-driven: a list added later is covered.
 */
const PATH_VALUES: Record<string, string> = { platformId: 'plt_demo' };

const lists = [...indexOperations().values()].filter((entry) =>
  ((entry.operation.parameters as Array<{ $ref?: string }> | undefined) ?? []).some(
    (p) => p.$ref === '#/components/parameters/Cursor',
  ),
);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(() => t?.close());

describe('list cursors', () => {
  it('are refused with 400 invalid_cursor on every list when not issued by that list', async () => {
    expect(lists.map((entry) => entry.operationId)).toContain('listCases');
    const problems: string[] = [];
    for (const entry of lists) {
      const roles = (entry.operation['x-roles'] as StaffRole[] | undefined) ?? [];
      const role = roles.includes('admin') ? 'admin' : roles[0];
      const member = DEMO_STAFF.find((s) => role && s.roles.includes(role));
      if (!member) {
        problems.push(`${entry.operationId}: no demo staff member may call it (x-roles)`);
        continue;
      }
      const token = await t.login(member.email);
      const path = entry.path.replace(/\{([^}]+)\}/g, (_, name: string) => PATH_VALUES[name] ?? name);
      // Without a cursor the list answers (listShopRisks: 404 before the first risk run), so the
      // 400s below are the cursor's.
      const plain = await t.request(path, { token });
      if (plain.status !== 200 && plain.status !== 404)
        problems.push(`${entry.operationId}: ${plain.status} without a cursor`);
      for (const cursor of ['garbage', 'cas_01JH0000000000000000000000', encodeCursor('another_list', [1])]) {
        const response = await t.request(`${path}?cursor=${encodeURIComponent(cursor)}`, { token });
        const body = (await response.json()) as { code?: string };
        if (response.status !== 400 || body.code !== 'invalid_cursor') {
          problems.push(`${entry.operationId}?cursor=${cursor}: ${response.status} ${body.code ?? ''}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
