import type { Schema } from '@ezhili/contract';

export type StaffRole = Schema<'StaffRole'>;

export const STAFF_ROLES: readonly StaffRole[] = [
  'intake',
  'district_handler',
  'detachment_handler',
  'reward_committee',
  'finance',
  'auditor',
  'admin',
];

/** An authenticated regulator official, however they logged in. */
export interface StaffPrincipal {
  id: string;
  email: string;
  displayName: string;
  roles: StaffRole[];
  /** The district a `district_handler` is bound to. */
  districtCode: string | null;
  source: 'local' | 'oidc';
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (STAFF_ROLES as readonly string[]).includes(value);
}

export function hasAnyRole(staff: StaffPrincipal, roles: readonly StaffRole[]): boolean {
  return roles.some((role) => staff.roles.includes(role));
}

/** The public shape of a staff member (`StaffMember` in the contract). */
export function toStaffMember(staff: StaffPrincipal): Schema<'StaffMember'> {
  return {
    id: staff.id,
    email: staff.email,
    displayName: staff.displayName,
    roles: staff.roles,
    districtCode: staff.districtCode,
  };
}
