import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../testing/fake-api.js';
import { renderConsole, staffWith } from '../../testing/render-console.js';
import { caseDetail } from './case-fixtures.js';

function summary(id: string, overrides: Record<string, unknown> = {}) {
  const {
    description: _d,
    observedAt: _o,
    shop: _s,
    penaltyFen: _p,
    closingSummary: _c,
    mergedIntoCaseId: _m,
    closedAt: _ca,
    evidence: _e,
    transitions: _t,
    notes: _n,
    messages: _msg,
    ...core
  } = caseDetail({ id, ...overrides });
  return core;
}

const ITEMS = [
  summary('case_a', { state: 'received', category: 'unhygienic_kitchen' }),
  summary('case_b', {
    state: 'investigating',
    category: 'illegal_additives',
    deadlines: { ...caseDetail().deadlines, overdue: ['feedback'] },
  }),
];

function list(request: RecordedRequest) {
  const state = request.query.get('state');
  return { body: { items: ITEMS.filter((item) => !state || item.state === state), nextCursor: null } };
}

describe('the case queue', () => {
  it('counts per state, highlights the overdue case and links to each case', async () => {
    renderConsole('/cases', { staff: staffWith(['admin']), api: { 'GET /cases': list } });
    const link = await screen.findByRole('link', { name: 'case_b' });
    const row = link.closest('tr')!;
    expect(row.className).toContain('case-row-overdue');
    expect(within(row).getByText('反馈超期')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'case_a' }).closest('tr')!.className).not.toContain(
      'case-row-overdue',
    );
    expect(screen.getByRole('button', { name: /已收到/ }).textContent).toContain('1');
  });

  it('filters by state on the server and by category in the loaded page', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/cases', {
      staff: staffWith(['admin']),
      api: { 'GET /cases': list },
    });
    await screen.findByRole('link', { name: 'case_a' });
    await user.click(screen.getByRole('button', { name: /调查中/ }));
    await waitFor(() => expect(requests.at(-1)?.query.get('state')).toBe('investigating'));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'case_a' })).toBeNull());
    expect(screen.getByRole('link', { name: 'case_b' })).toBeTruthy();

    await user.click(screen.getByRole('button', { name: /调查中/ }));
    await screen.findByRole('link', { name: 'case_a' });
    await user.type(screen.getByPlaceholderText('搜索编号、身份码、类别'), 'additives{Enter}');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'case_a' })).toBeNull());
    expect(screen.getByRole('link', { name: 'case_b' })).toBeTruthy();
  });
});
