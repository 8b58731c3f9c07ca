import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderConsole, staffWith } from '../../testing/render-console.js';

const categories = [
  ['evidence_originals', 365, 3],
  ['messages', 365, 12],
  ['identities', 365, 1],
  ['evidence_copies', 1095, 0],
  ['closed_cases', 3650, 0],
  ['audit_events', 3650, 40],
] as const;

describe('the retention panel in Administration', () => {
  it('shows each category’s period, what is due, the holds and the last run', async () => {
    const user = userEvent.setup({ delay: null });
    renderConsole('/admin', {
      staff: staffWith(['admin']),
      api: {
        'GET /partners': { body: { items: [] } },
        'GET /retention': {
          body: {
            asOf: '2027-02-05T08:00:00.000Z',
            categories: categories.map(([category, days, due]) => ({
              category,
              days,
              countsFrom: category === 'audit_events' ? 'event_time' : 'case_closure',
              due,
            })),
            heldCases: 2,
            schedule: { everyHours: 24 },
            lastRun: null,
          },
        },
      },
    });
    await user.click(await screen.findByRole('tab', { name: '数据保存' }));
    const table = await screen.findByRole('table');
    const row = (await within(table).findByText('与举报人的消息')).closest('tr')!;
    expect(within(row).getByText('结案后 365 天')).toBeTruthy();
    expect(within(row).getByText('12')).toBeTruthy();
    const audit = within(table).getByText('审计事件（墓碑化）').closest('tr')!;
    expect(within(audit).getByText('事件发生后 3650 天')).toBeTruthy();
    expect(screen.getByText('每 24 小时')).toBeTruthy();
  });
});
