import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderConsole, staffWith } from '../../testing/render-console.js';
import { caseDetail } from './case-fixtures.js';

const hold = {
  caseId: 'case_test_1',
  reason: 'Administrative litigation (court file 2026-0117).',
  placedBy: 'stf_auditor',
  placedAt: '2026-12-03T08:00:00.000Z',
};

describe('the legal hold on the case page', () => {
  it('lets an auditor place a hold with a required reason', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/cases/case_test_1', {
      staff: staffWith(['auditor']),
      api: {
        'GET /cases/case_test_1': { body: caseDetail({ legalHold: null }) },
        'POST /cases/case_test_1/legal-hold': { status: 201, body: hold },
      },
    });
    const form = await screen.findByRole('form', { name: '设置法律保全' });
    await user.click(within(form).getByRole('button', { name: '设置法律保全' }));
    expect(await within(form).findByText('请填写理由')).toBeTruthy();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);
    await user.type(within(form).getByLabelText('理由'), hold.reason);
    await user.click(within(form).getByRole('button', { name: '设置法律保全' }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1));
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({ reason: hold.reason });
  });

  it('shows a held case as held, and offers the release', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/cases/case_test_1', {
      staff: staffWith(['admin']),
      api: {
        'GET /cases/case_test_1': { body: caseDetail({ legalHold: hold }) },
        'POST /cases/case_test_1/legal-hold/release': {
          body: {
            caseId: 'case_test_1',
            reason: 'Judgment final.',
            releasedBy: 'stf_admin',
            releasedAt: hold.placedAt,
          },
        },
      },
    });
    expect(await screen.findByText('法律保全中')).toBeTruthy();
    expect(screen.getByText(hold.reason)).toBeTruthy();
    const form = await screen.findByRole('form', { name: '解除法律保全' });
    await user.type(within(form).getByLabelText('理由'), 'Judgment final.');
    await user.click(within(form).getByRole('button', { name: '解除法律保全' }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1));
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      reason: 'Judgment final.',
    });
  });

  it('shows no toggle to a handler, who cannot decide holds', async () => {
    renderConsole('/cases/case_test_1', {
      staff: staffWith(['district_handler'], '350102'),
      api: { 'GET /cases/case_test_1': { body: caseDetail({ legalHold: hold }) } },
    });
    expect(await screen.findByText('法律保全中')).toBeTruthy();
    expect(screen.queryByRole('form', { name: '解除法律保全' })).toBeNull();
  });
});
