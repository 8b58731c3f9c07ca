import { describe, expect, it } from 'vitest';
import type { StaffPrincipal, StaffRole } from '../auth/staff-principal.js';
import { caseScope } from './case-access.js';

const staff = (roles: StaffRole[], districtCode: string | null = null): StaffPrincipal => ({
  id: 'stf_x',
  email: 'x@fz.gov.cn',
  displayName: 'X',
  roles,
  districtCode,
  source: 'local',
});

describe('caseScope', () => {
  it('gives each unit its own cases, and adds roles up', () => {
    expect(caseScope(staff(['intake']), 'read').where).toBe(
      `((assigned_unit = 'intake' AND assigned_district_code IS NULL))`,
    );
    expect(caseScope(staff(['district_handler'], '350102'), 'act')).toEqual({
      where: `((assigned_unit = 'district_bureau' AND assigned_district_code = ?))`,
      args: ['350102'],
    });
    const both = caseScope(staff(['intake', 'detachment_handler']), 'act');
    expect(both.where).toContain(`assigned_unit = 'intake'`);
    expect(both.where).toContain(`assigned_unit = 'enforcement_detachment'`);
  });

  it('lets auditors read everything and act on nothing; admins both', () => {
    expect(caseScope(staff(['auditor']), 'read').where).toBe('1');
    expect(caseScope(staff(['auditor']), 'act').where).toBe('0');
    expect(caseScope(staff(['admin']), 'act').where).toBe('1');
  });

  it('gives nothing to roles without a case unit, or a district handler without a district', () => {
    for (const roles of [['reward_committee'], ['finance']] as StaffRole[][]) {
      expect(caseScope(staff(roles), 'read').where).toBe('0');
    }
    expect(caseScope(staff(['district_handler'], null), 'read').where).toBe('0');
  });
});
