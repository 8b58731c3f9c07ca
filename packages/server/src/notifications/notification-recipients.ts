import { servesQueue } from '../cases/case-access.js';
import type { CaseQueue } from '../cases/case-notification-feed.js';
import type { NotifiableStaff } from '../staff/staff-service.js';

/**
 * Who is told about a case: the officer it is assigned to by name, when it has one (and they
 * can still be notified); otherwise every member of the unit whose queue it is in. Admins and
 * auditors, who can see every case, are not told of each one.
 */
export function caseRecipients(
  staff: readonly NotifiableStaff[],
  queue: CaseQueue,
): { assigned: boolean; recipients: NotifiableStaff[] } {
  if (queue.assignedStaffId) {
    const officer = staff.find((member) => member.id === queue.assignedStaffId);
    // An officer disabled since: the unit is told instead, so nothing falls through.
    if (officer) return { assigned: true, recipients: [officer] };
  }
  return { assigned: false, recipients: staff.filter((member) => servesQueue(member, queue)) };
}

/** A lead with no case is followed up by whoever made it (`staff:<id>`); a system's lead by nobody. */
export function leadCreatorRecipients(
  staff: readonly NotifiableStaff[],
  createdBy: string,
): NotifiableStaff[] {
  const [type, id] = createdBy.split(':', 2);
  if (type !== 'staff' || !id) return [];
  return staff.filter((member) => member.id === id);
}
