import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { problemBody } from '../../testing/fake-api.js';
import { renderConsole, staffWith } from '../../testing/render-console.js';
import { caseDetail } from './case-fixtures.js';

function summary(id: string, state: 'received' | 'triaged' | 'closed') {
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
  } = caseDetail({ id, state });
  return core;
}

const ITEMS = [summary('case_a', 'received'), summary('case_b', 'triaged'), summary('case_c', 'closed')];
const API = {
  'GET /cases': { body: { items: ITEMS, nextCursor: null } },
  'GET /case-counts': { body: { received: 1, triaged: 1, investigating: 0, closed: 1, overdue: 0 } },
};

async function selectAndChoose(user: ReturnType<typeof userEvent.setup>, ids: string[]) {
  await screen.findByRole('link', { name: 'case_a' });
  for (const id of ids) await user.click(screen.getByRole('checkbox', { name: `选择 ${id}` }));
  const bar = screen.getByRole('region', { name: '批量分派' });
  await user.click(within(bar).getByRole('combobox', { name: '分派到' }));
  await user.click(await screen.findByTitle('复杂 → 市执法支队'));
  return bar;
}

describe('the queue’s bulk routing', () => {
  it('routes the selected cases in one request, asking a reason when one is routed already', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/cases', {
      staff: staffWith(['admin']),
      api: { ...API, 'POST /case-routings': { body: { routed: [] } } },
    });
    await screen.findByRole('link', { name: 'case_a' });
    // A closed case cannot be selected.
    expect(screen.getByRole('checkbox', { name: '选择 case_c' })).toHaveProperty('disabled', true);
    const bar = await selectAndChoose(user, ['case_a', 'case_b']);
    expect(within(bar).getByText('已选 2 件')).toBeTruthy();
    const button = within(bar).getByRole('button', { name: /批量分派/ });
    expect(button).toHaveProperty('disabled', true);
    await user.type(within(bar).getByRole('textbox', { name: '理由' }), 'Chain of shops');
    await user.click(button);
    await waitFor(() => expect(requests.some((r) => r.path === '/case-routings')).toBe(true));
    expect(requests.find((r) => r.path === '/case-routings')!.body).toEqual({
      caseIds: ['case_a', 'case_b'],
      classification: 'complex',
      reason: 'Chain of shops',
    });
    await waitFor(() => expect(screen.queryByRole('region', { name: '批量分派' })).toBeNull());
  });

  it('lists every refused case when the server refuses the batch', async () => {
    const user = userEvent.setup({ delay: null });
    const refused = problemBody(
      409,
      'bulk_routing_refused',
      '1 of 1 cases cannot be routed so; none was routed.',
      [{ pointer: '#/caseIds/0', detail: 'case_a: forbidden — Your roles may not triage this case.' }],
    );
    renderConsole('/cases', {
      staff: staffWith(['admin']),
      api: {
        ...API,
        'POST /case-routings': { ...refused, body: { ...refused.body, refusedCaseIds: ['case_a'] } },
      },
    });
    const bar = await selectAndChoose(user, ['case_a']);
    await user.click(within(bar).getByRole('button', { name: /批量分派/ }));
    const alert = await within(bar).findByRole('alert');
    expect(alert.textContent).toContain('none was routed');
    expect(within(alert).getByText('case_a')).toBeTruthy();
    expect(alert.textContent).toContain('forbidden — Your roles may not triage this case.');
  });

  it('offers no selection to roles that cannot route', async () => {
    renderConsole('/cases', { staff: staffWith(['auditor']), api: API });
    await screen.findByRole('link', { name: 'case_a' });
    expect(screen.queryByRole('checkbox')).toBeNull();
  });
});
