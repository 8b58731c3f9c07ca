import type { StaffRole } from '../auth/staff-principal.js';

export const DEMO_PASSWORD = 'demo';

/** One demo login per role; the README lists them. */
export const DEMO_STAFF: Array<{
  email: string;
  displayName: string;
  roles: StaffRole[];
  districtCode?: string;
}> = [
  { email: 'intake@demo.local', displayName: 'Intake Officer', roles: ['intake'] },
  {
    email: 'district@demo.local',
    displayName: 'Gulou District Handler',
    roles: ['district_handler'],
    districtCode: '350102',
  },
  {
    email: 'detachment@demo.local',
    displayName: 'City Enforcement Detachment',
    roles: ['detachment_handler'],
  },
  { email: 'committee@demo.local', displayName: 'Reward Committee', roles: ['reward_committee'] },
  { email: 'finance@demo.local', displayName: 'Finance Officer', roles: ['finance'] },
  { email: 'auditor1@demo.local', displayName: 'Auditor One', roles: ['auditor'] },
  { email: 'auditor2@demo.local', displayName: 'Auditor Two', roles: ['auditor'] },
  { email: 'auditor3@demo.local', displayName: 'Auditor Three', roles: ['auditor'] },
  { email: 'admin@demo.local', displayName: 'Administrator', roles: ['admin'] },
];
