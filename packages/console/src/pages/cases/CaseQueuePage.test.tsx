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
  summary('case_c', {
    state: 'triaged',
    assignedOfficer: { id: 'stf_test', displayName: 'Test Officer' },
  }),
  summary('case_d', {
    state: 'investigating',
    assignedOfficer: { id: 'stf_lin', displayName: 'Inspector Lin' },
  }),
  summary('case_b', {
    state: 'investigating',
    category: 'illegal_additives',
    deadlines: { ...caseDetail().deadlines, overdue: ['feedback'] },
  }),
];

function list(request: RecordedRequest) {
  const state = request.query.get('state');
  const officer = request.query.get('officer');
  const items = ITEMS.filter(
    (item) =>
      (!state || item.state === state) &&
      (!officer ||
        (officer === 'none' ? item.assignedOfficer === null : item.assignedOfficer?.id === officer) ||
        (officer === 'me' && item.assignedOfficer?.id === 'stf_test')),
  );
  return { body: { items, nextCursor: null } };
}

const COUNTS = {
  'GET /case-counts': { body: { received: 7, triaged: 2, investigating: 3, closed: 40, overdue: 1 } },
};

const OFFICERS = {
  items: [
    { id: 'stf_test', displayName: 'Test Officer', unit: 'district_bureau', districtCode: '350102' },
    { id: 'stf_lin', displayName: 'Inspector Lin', unit: 'district_bureau', districtCode: '350102' },
  ],
};

describe('the case queue', () => {
  it("shows the server's counts per queue, highlights the overdue case and links to each case", async () => {
    renderConsole('/cases', { staff: staffWith(['admin']), api: { 'GET /cases': list, ...COUNTS } });
    const link = await screen.findByRole('link', { name: 'case_b' });
    const row = link.closest('tr')!;
    expect(row.className).toContain('case-row-overdue');
    expect(within(row).getByText('反馈超期')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'case_a' }).closest('tr')!.className).not.toContain(
      'case-row-overdue',
    );
    await waitFor(() => expect(screen.getByRole('button', { name: /已收到/ }).textContent).toContain('7'));
    expect(screen.getByRole('button', { name: /已办结/ }).textContent).toContain('40');
    expect(screen.getByRole('button', { name: /^超期/ }).textContent).toContain('1');
  });

  it('sends every filter, the text search and the sort to the server', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/cases', {
      staff: staffWith(['admin']),
      api: { 'GET /cases': list, ...COUNTS },
    });
    const lists = () => requests.filter((request) => request.path === '/cases');
    await screen.findByRole('link', { name: 'case_a' });
    await user.click(screen.getByRole('button', { name: /调查中/ }));
    await waitFor(() => expect(lists().at(-1)?.query.get('state')).toBe('investigating'));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'case_a' })).toBeNull());

    await user.type(screen.getByPlaceholderText('搜索编号、身份码、描述、商户'), ' 罂粟壳 {Enter}');
    await waitFor(() => expect(lists().at(-1)?.query.get('q')).toBe('罂粟壳'));
    expect(lists().at(-1)?.query.get('state')).toBe('investigating');

    await user.click(screen.getByRole('combobox', { name: '承办单位' }));
    await user.click(await screen.findByTitle('市执法支队'));
    await waitFor(() => expect(lists().at(-1)?.query.get('assignedUnit')).toBe('enforcement_detachment'));
    // The counts follow the unit asked for.
    await waitFor(() =>
      expect(
        requests
          .filter((r) => r.path === '/case-counts')
          .at(-1)
          ?.query.get('assignedUnit'),
      ).toBe('enforcement_detachment'),
    );

    await user.click(screen.getByRole('columnheader', { name: /收到时间/ }));
    await waitFor(() => expect(lists().at(-1)?.query.get('sort')).toBe('oldest'));
  });

  it('follows a short page on until it is full (a category checked on a window of the queue)', async () => {
    let calls = 0;
    const { requests } = renderConsole('/cases', {
      staff: staffWith(['admin']),
      api: {
        ...COUNTS,
        'GET /cases': () => {
          calls += 1;
          return calls === 1
            ? { body: { items: [], nextCursor: 'c1' } }
            : { body: { items: [ITEMS[0]], nextCursor: null } };
        },
      },
    });
    await screen.findByRole('link', { name: 'case_a' });
    const lists = requests.filter((request) => request.path === '/cases');
    expect(lists.map((request) => request.query.get('cursor'))).toEqual([null, 'c1']);
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull();
  });

  it('shows my cases, the unassigned ones and one officer’s, filtered by the server', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/cases', {
      staff: staffWith(['district_handler'], '350102'),
      api: { 'GET /cases': list, 'GET /officers': { body: OFFICERS } },
    });
    const lin = await screen.findByRole('link', { name: 'case_d' });
    expect(within(lin.closest('tr')!).getByText('Inspector Lin')).toBeTruthy();

    await user.click(screen.getByText('我的案件'));
    await waitFor(() => expect(requests.at(-1)?.query.get('officer')).toBe('me'));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'case_d' })).toBeNull());
    expect(screen.getByRole('link', { name: 'case_c' })).toBeTruthy();

    await user.click(screen.getByText('待指派'));
    await waitFor(() => expect(requests.at(-1)?.query.get('officer')).toBe('none'));
    await screen.findByRole('link', { name: 'case_a' });
    expect(screen.queryByRole('link', { name: 'case_c' })).toBeNull();

    await user.click(screen.getByText('全部案件'));
    await user.click(screen.getByRole('combobox', { name: '承办人' }));
    await user.click(await screen.findByTitle('Inspector Lin'));
    await waitFor(() => expect(requests.at(-1)?.query.get('officer')).toBe('stf_lin'));
    await waitFor(() => expect(screen.queryByRole('link', { name: 'case_a' })).toBeNull());
    expect(screen.getByRole('link', { name: 'case_d' })).toBeTruthy();
  });
});
