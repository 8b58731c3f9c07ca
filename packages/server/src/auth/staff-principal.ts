import type { Schema } from '@ezhili/contract';
import { forbidden } from '../problem/problem-error.js';

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

/**
 * Refuses (403) a staff member with none of `roles`: the one role rule, used by `requireStaff`
 * before a route runs and by services that enforce their roles without HTTP.
 */
export function assertAnyRole(staff: StaffPrincipal, roles: readonly StaffRole[]): void {
  if (roles.length > 0 && !hasAnyRole(staff, roles)) {
    throw forbidden(`This operation needs one of these roles: ${roles.join(', ')}.`);
  }
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
