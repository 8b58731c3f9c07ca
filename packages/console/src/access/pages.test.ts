import { openapiDocument } from '@ezhili/contract';
import { describe, expect, it } from 'vitest';
import { ALL_ROLES, can, OPERATION_ROLES } from './operation-roles.js';
import { PAGES, pagesFor } from './pages.js';

const menu = (...roles: Parameters<typeof pagesFor>[0]) => pagesFor(roles).map((page) => page.key);

describe('the menu per role', () => {
  it('gives each demo role the pages of its work and no other', () => {
    expect(menu('intake')).toEqual(['dashboard', 'cases', 'platforms', 'risk']);
    expect(menu('district_handler')).toEqual([
      'dashboard',
      'cases',
      'rewards',
      'platforms',
      'relisting',
      'risk',
    ]);
    expect(menu('detachment_handler')).toEqual([
      'dashboard',
      'cases',
      'rewards',
      'platforms',
      'relisting',
      'risk',
    ]);
    expect(menu('reward_committee')).toEqual(['dashboard', 'rewards']);
    expect(menu('finance')).toEqual(['dashboard', 'rewards']);
    expect(menu('auditor')).toEqual(['dashboard', 'cases', 'rewards', 'platforms', 'relisting', 'audit']);
    expect(menu('admin')).toEqual(PAGES.map((page) => page.key));
  });

  it('never shows a page whose operation the role may not call', () => {
    for (const role of ALL_ROLES) {
      for (const page of pagesFor([role])) expect(can([role], page.operation)).toBe(true);
    }
  });

  it('joins the pages of several roles', () => {
    expect(menu('finance', 'auditor')).toEqual(menu('auditor'));
  });
});

describe('operation roles', () => {
  it('match the contract for every operation that declares x-roles', () => {
    const declared = new Map<string, string[]>();
    const open = new Set<string>();
    for (const item of Object.values(openapiDocument.paths)) {
      for (const operation of Object.values(item as Record<string, unknown>)) {
        const op = operation as { operationId?: string; 'x-roles'?: string[]; security?: unknown[] };
        if (!op?.operationId) continue;
        if (op['x-roles']) declared.set(op.operationId, op['x-roles']);
        if (Array.isArray(op.security) && op.security.length === 0) open.add(op.operationId);
      }
    }
    for (const [operationId, roles] of Object.entries(OPERATION_ROLES)) {
      const contract = declared.get(operationId);
      // Public operations (reference data, the reward rule) declare no roles: every role may call them.
      if (!contract && open.has(operationId)) {
        expect(roles, operationId).toEqual(ALL_ROLES);
        continue;
      }
      expect(contract, `${operationId} declares x-roles`).toBeDefined();
      expect([...roles].sort(), operationId).toEqual([...contract!].sort());
    }
  });
});
