import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderConsole, staffWith } from '../testing/render-console.js';
import type { Notification } from './notification-queries.js';

const NOTIFICATIONS: Notification[] = [
  {
    id: 'ntf_soon',
    kind: 'case_deadline_soon',
    identityCode: 'FZ-7K3M-Q9XD-K',
    caseId: 'case_01kdx3r8n0m2v4q6s8t0w2y4z6',
    leadId: null,
    deadline: 'acknowledgement',
    dueDate: '2026-01-12',
    link: 'http://console.test/console/notifications/ntf_soon',
    readAt: null,
  },
  {
    id: 'ntf_lead',
    kind: 'lead_action_overdue',
    identityCode: null,
    caseId: null,
    leadId: 'lead_x',
    deadline: 'lead_action',
    dueDate: '2026-01-06',
    link: 'http://console.test/console/notifications/ntf_lead',
    readAt: '2026-01-06T09:00:00.000Z',
  },
];

const api = {
  'GET /notifications': { body: { items: NOTIFICATIONS, unreadCount: 1, nextCursor: null } },
  'POST /notifications/ntf_soon/read': { body: { ...NOTIFICATIONS[0], readAt: '2026-01-07T00:00:00.000Z' } },
  'POST /notifications/read': { body: { marked: 1, unreadCount: 0 } },
};

describe('the notification bell', () => {
  it('shows the unread count, lists the notifications and opens a case', async () => {
    const user = userEvent.setup({ delay: null });
    const { router, requests } = renderConsole('/', { staff: staffWith(['intake']), api });
    const bell = await screen.findByRole('button', { name: '通知（1 条未读）' });
    await user.click(bell);
    expect(await screen.findByText('案件 FZ-7K3M-Q9XD-K的受理确认期限将至')).toBeTruthy();
    expect(screen.getByText('期限 2026-01-12')).toBeTruthy();
    expect(screen.getByText('店铺线索：平台逾期未处置线索')).toBeTruthy();
    await user.click(screen.getByText('案件 FZ-7K3M-Q9XD-K的受理确认期限将至'));
    await waitFor(() =>
      expect(router.state.location.pathname).toBe('/cases/case_01kdx3r8n0m2v4q6s8t0w2y4z6'),
    );
    expect(requests.some((r) => r.method === 'POST' && r.path === '/notifications/ntf_soon/read')).toBe(true);
  });

  it('speaks English and marks all read', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/', { staff: staffWith(['intake']), api, locale: 'en-US' });
    await user.click(await screen.findByRole('button', { name: 'Notifications (1 unread)' }));
    expect(await screen.findByText('Case FZ-7K3M-Q9XD-K: acknowledgement due soon')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    await waitFor(() =>
      expect(requests.some((r) => r.method === 'POST' && r.path === '/notifications/read')).toBe(true),
    );
  });

  it("opens an email's link: marks the notification read and shows its case", async () => {
    const { router, requests } = renderConsole('/notifications/ntf_soon', {
      staff: staffWith(['intake']),
      api,
    });
    await waitFor(() =>
      expect(router.state.location.pathname).toBe('/cases/case_01kdx3r8n0m2v4q6s8t0w2y4z6'),
    );
    expect(requests.filter((r) => r.path === '/notifications/ntf_soon/read')).toHaveLength(1);
  });

  it("says so when the link is not the official's", async () => {
    renderConsole('/notifications/ntf_other', { staff: staffWith(['finance']), api });
    expect(await screen.findByText('没有这条通知（或它不属于您）。')).toBeTruthy();
  });
});
