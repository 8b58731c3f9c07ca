import {
  type CaseDeadline,
  type CaseDeadlineName,
  caseQueues,
  lastTransitionSeq,
  listCaseDeadlinesDue,
  listQueueArrivals,
} from '../cases/case-notification-feed.js';
import type { AppContext } from '../http/app-context.js';
import { type LeadDeadline, listLeadDeadlinesMissed } from '../leads/lead-deadline-feed.js';
import { listNotifiableStaff, type NotifiableStaff } from '../staff/staff-service.js';
import { buildDigests } from './notification-digest.js';
import { caseRecipients, leadCreatorRecipients } from './notification-recipients.js';
import { NOTIFICATION_SETTINGS } from './notification-settings.js';
import { type NotificationEvent, readMark, recordNotifications, writeMark } from './notification-store.js';

const PAGE = 200;
const DAY_MS = 86_400_000;
const CASE_DEADLINES: readonly CaseDeadlineName[] = ['acknowledgement', 'feedback'];
const LEAD_DEADLINES: readonly LeadDeadline['deadline'][] = ['lead_acknowledgement', 'lead_action'];

export interface SweepResult {
  recorded: number;
  digests: number;
}

/**
 * Finds what staff must be told and records it: cases that entered a queue since the last
 * sweep, case deadlines crossing the "due soon" horizon or passing, and leads whose platform
 * missed a deadline. Each kind walks a window from its mark to now (`notification_marks`) and
 * moves the mark in the transaction that records the window's notifications, so a crash repeats
 * a window and never skips one; repeats insert nothing (`dedupe_key`).
 *
 * First run: queue arrivals start at the newest transition (history is not news); overdue
 * windows start at the beginning, so what is already overdue is told once.
 */
export function createNotificationSweep(ctx: AppContext) {
  const settings = ctx.settings.of(NOTIFICATION_SETTINGS);
  const { db } = ctx;

  const record = (events: NotificationEvent[], mark?: { name: string; value: string }) =>
    db.transaction(async (tx) => {
      const recorded = await recordNotifications(tx, ctx, settings, events);
      if (mark) await writeMark(tx, mark.name, mark.value);
      return recorded;
    });

  /** Walks a window (up to `to`) a page at a time; the mark moves to `to` with the last page. */
  async function sweepWindow<T extends { dueAt: string }>(
    mark: string,
    to: string,
    page: (after: T | undefined) => Promise<T[]>,
    toEvents: (items: T[]) => Promise<NotificationEvent[]>,
  ): Promise<number> {
    let after: T | undefined;
    let recorded = 0;
    for (;;) {
      const items = await page(after);
      const last = items.length < PAGE;
      recorded += await record(await toEvents(items), last ? { name: mark, value: to } : undefined);
      if (last) return recorded;
      after = items.at(-1);
    }
  }

  async function arrivals(staff: NotifiableStaff[]): Promise<number> {
    const mark = await readMark(db, 'arrivals');
    if (mark === undefined) {
      await writeMark(db, 'arrivals', String(await lastTransitionSeq(db)));
      return 0;
    }
    let seq = Number(mark);
    let recorded = 0;
    for (;;) {
      const page = await listQueueArrivals(db, seq, PAGE);
      if (page.lastSeq === seq) return recorded;
      const events = page.arrivals.map((arrival): NotificationEvent => {
        const { assigned, recipients } = caseRecipients(staff, arrival);
        return {
          kind: assigned ? 'case_assigned' : 'case_in_queue',
          dedupeKey: assigned
            ? `assigned:${arrival.caseId}:${arrival.assignedStaffId}`
            : `queue:${arrival.caseId}:${arrival.assignedUnit}:${arrival.assignedDistrictCode ?? '-'}`,
          caseId: arrival.caseId,
          leadId: null,
          identityCode: arrival.identityCode,
          deadline: arrival.next.deadline,
          dueAt: arrival.next.dueAt,
          // Whoever took the case themselves needs no word of it.
          recipients: recipients.filter((member) => `staff:${member.id}` !== arrival.actor),
        };
      });
      recorded += await record(events, { name: 'arrivals', value: String(page.lastSeq) });
      seq = page.lastSeq;
    }
  }

  async function caseDeadlines(staff: NotifiableStaff[], now: Date): Promise<number> {
    let recorded = 0;
    const horizon = new Date(now.getTime() + settings.deadlineSoonDays * DAY_MS).toISOString();
    for (const deadline of CASE_DEADLINES) {
      for (const kind of ['case_deadline_soon', 'case_overdue'] as const) {
        const soon = kind === 'case_deadline_soon';
        const mark = `${soon ? 'soon' : 'overdue'}:${deadline}`;
        const from = (await readMark(db, mark)) ?? (soon ? now.toISOString() : '');
        recorded += await sweepWindow<CaseDeadline>(
          mark,
          soon ? horizon : now.toISOString(),
          (after) =>
            listCaseDeadlinesDue(
              db,
              deadline,
              { from, to: soon ? horizon : now.toISOString(), ...(after && { after }) },
              PAGE,
            ),
          async (items) =>
            items.map((item) => ({
              kind,
              dedupeKey: `${kind}:${item.caseId}:${deadline}:${item.dueAt}`,
              caseId: item.caseId,
              leadId: null,
              identityCode: item.identityCode,
              deadline,
              dueAt: item.dueAt,
              recipients: caseRecipients(staff, item).recipients,
            })),
        );
      }
    }
    return recorded;
  }

  async function leadDeadlines(staff: NotifiableStaff[], now: Date): Promise<number> {
    let recorded = 0;
    for (const deadline of LEAD_DEADLINES) {
      const mark = `overdue:${deadline}`;
      const from = (await readMark(db, mark)) ?? '';
      const to = now.toISOString();
      recorded += await sweepWindow<LeadDeadline>(
        mark,
        to,
        (after) => listLeadDeadlinesMissed(db, deadline, { from, to, ...(after && { after }) }, PAGE),
        async (items) => {
          const queues = await caseQueues(db, [...new Set(items.flatMap((item) => item.caseId ?? []))]);
          return items.map((item): NotificationEvent => {
            const queue = item.caseId ? queues.get(item.caseId) : undefined;
            const kind =
              deadline === 'lead_acknowledgement' ? 'lead_acknowledgement_overdue' : 'lead_action_overdue';
            return {
              kind,
              dedupeKey: `${kind}:${item.leadId}:${item.dueAt}`,
              caseId: item.caseId,
              leadId: item.leadId,
              identityCode: queue?.identityCode ?? null,
              deadline,
              dueAt: item.dueAt,
              recipients: queue
                ? caseRecipients(staff, queue).recipients
                : leadCreatorRecipients(staff, item.createdBy),
            };
          });
        },
      );
    }
    return recorded;
  }

  return {
    /** One sweep at the app clock's now; tests drive it with the manual clock. */
    async runOnce(): Promise<SweepResult> {
      const now = ctx.clock.now();
      const staff = await listNotifiableStaff(db);
      const recorded =
        (await arrivals(staff)) + (await caseDeadlines(staff, now)) + (await leadDeadlines(staff, now));
      return { recorded, digests: await buildDigests(ctx, settings, staff, now) };
    },
  };
}
export type NotificationSweep = ReturnType<typeof createNotificationSweep>;
