import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { problemBody } from '../../testing/fake-api.js';
import { renderConsole, staffWith } from '../../testing/render-console.js';
import { caseDetail } from './case-fixtures.js';

const district = staffWith(['district_handler'], '350102');

describe('the case detail page', () => {
  it('closes a confirmed violation with the penalty typed in yuan and sent in fen', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/cases/case_test_1', {
      staff: district,
      api: {
        'GET /cases/case_test_1': { body: caseDetail() },
        'POST /cases/case_test_1/transitions': { body: caseDetail({ state: 'closed' }) },
      },
    });
    const form = await screen.findByRole('form', { name: '办结案件' });
    // Nothing chosen: the outcome and summary are required.
    await user.click(within(form).getByRole('button', { name: '办结案件' }));
    expect(await within(form).findByText('请填写结果')).toBeTruthy();
    expect(within(form).getByText('请填写办结说明')).toBeTruthy();

    await user.click(within(form).getByRole('combobox'));
    await user.click(await screen.findByTitle('违法属实'));
    const penalty = await within(form).findByLabelText('罚款金额（元）');
    await user.type(penalty, '12.345');
    await user.type(within(form).getByLabelText('办结说明'), 'Fined and ordered to clean.');
    await user.click(within(form).getByRole('button', { name: '办结案件' }));
    expect(await within(form).findByText('请输入不超过两位小数的金额')).toBeTruthy();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);

    await user.clear(penalty);
    await user.type(penalty, '5000.29');
    await user.click(within(form).getByRole('button', { name: '办结案件' }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1));
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      action: 'close',
      outcome: 'violation_confirmed',
      summary: 'Fined and ordered to clean.',
      penaltyFen: 500029,
    });
  });

  it("shows the server's field error on the field it names", async () => {
    const user = userEvent.setup({ delay: null });
    renderConsole('/cases/case_test_1', {
      staff: district,
      api: {
        'GET /cases/case_test_1': { body: caseDetail() },
        'POST /cases/case_test_1/transitions': problemBody(
          422,
          'summary_required',
          'Closing a case needs a summary.',
          [{ pointer: '#/summary', detail: 'is required for close' }],
        ),
      },
    });
    const form = await screen.findByRole('form', { name: '办结案件' });
    await user.click(within(form).getByRole('combobox'));
    await user.click(await screen.findByTitle('查无实据'));
    await user.type(within(form).getByLabelText('办结说明'), 'x');
    await user.click(within(form).getByRole('button', { name: '办结案件' }));
    expect(await within(form).findByText('is required for close')).toBeTruthy();
  });

  it('shows the reporter only as the identity code, and no triage or audit for a district handler', async () => {
    renderConsole('/cases/case_test_1', {
      staff: district,
      api: { 'GET /cases/case_test_1': { body: caseDetail() } },
    });
    await screen.findByText('案件 case_test_1');
    await userEvent.setup({ delay: null }).click(screen.getByRole('tab', { name: /与举报人沟通/ }));
    expect(await screen.findByText('举报人 FZ-TEST-CODE-1')).toBeTruthy();
    expect(screen.queryByRole('tab', { name: '分派' })).toBeNull();
    expect(screen.queryByRole('tab', { name: '审计记录' })).toBeNull();
  });

  it('requires a classification to accept at triage', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/cases/case_test_1', {
      staff: staffWith(['intake']),
      api: { 'GET /cases/case_test_1': { body: caseDetail({ state: 'received', classification: null }) } },
    });
    await user.click(await screen.findByRole('button', { name: '提交分派' }));
    expect(await screen.findByText('请填写分类')).toBeTruthy();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  it("shows not-found for another district's case (the server answers 404)", async () => {
    renderConsole('/cases/case_other', {
      staff: district,
      api: { 'GET /cases/case_other': problemBody(404, 'not_found', 'No such case.') },
    });
    expect(await screen.findByText('未找到该记录。')).toBeTruthy();
  });

  it('assigns an officer of the case’s unit, lets a handler take it, and shows a refusal', async () => {
    const user = userEvent.setup({ delay: null });
    const officers = {
      items: [
        { id: 'stf_test', displayName: 'Test Officer', unit: 'district_bureau', districtCode: '350102' },
        { id: 'stf_lin', displayName: 'Inspector Lin', unit: 'district_bureau', districtCode: '350102' },
        { id: 'stf_cang', displayName: 'Cangshan Handler', unit: 'district_bureau', districtCode: '350104' },
        { id: 'stf_det', displayName: 'Detachment', unit: 'enforcement_detachment', districtCode: null },
      ],
    };
    let refuse = false;
    const { requests } = renderConsole('/cases/case_test_1', {
      staff: district,
      api: {
        'GET /cases/case_test_1': { body: caseDetail() },
        'GET /officers': { body: officers },
        'POST /cases/case_test_1/officer': () =>
          refuse
            ? problemBody(422, 'officer_not_in_unit', 'The officer does not handle this unit.', [
                { pointer: '#/officerId', detail: 'does not handle district_bureau of district 350102' },
              ])
            : { body: caseDetail({ assignedOfficer: { id: 'stf_lin', displayName: 'Inspector Lin' } }) },
      },
    });
    expect((await screen.findAllByText('未指派')).length).toBeGreaterThan(0);
    await user.click(screen.getByRole('tab', { name: '指派承办人' }));
    const form = await screen.findByRole('form', { name: '指派承办人' });
    await user.click(within(form).getByRole('combobox'));
    // Only the officers of the case's own unit and district are offered.
    expect(screen.queryByTitle('Cangshan Handler')).toBeNull();
    expect(screen.queryByTitle('Detachment')).toBeNull();
    await user.click(await screen.findByTitle('Inspector Lin'));
    await user.type(within(form).getByLabelText('理由'), 'Knows the shop.');
    await user.click(within(form).getByRole('button', { name: /指派承办人/ }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      officerId: 'stf_lin',
      reason: 'Knows the shop.',
    });

    await user.click(within(form).getByRole('button', { name: /我来承办/ }));
    await waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2));
    expect(requests.filter((r) => r.method === 'POST')[1]?.body).toEqual({ officerId: 'stf_test' });

    refuse = true;
    await user.click(within(form).getByRole('combobox'));
    await user.click(await screen.findByTitle('Inspector Lin'));
    await user.click(within(form).getByRole('button', { name: /指派承办人/ }));
    expect(await within(form).findByText('does not handle district_bureau of district 350102')).toBeTruthy();
  });

  it('offers no assignment form to a role that may not assign', async () => {
    renderConsole('/cases/case_test_1', {
      staff: staffWith(['auditor']),
      api: {
        'GET /cases/case_test_1': {
          body: caseDetail({ assignedOfficer: { id: 'stf_lin', displayName: 'Inspector Lin' } }),
        },
      },
    });
    expect(await screen.findByText('Inspector Lin')).toBeTruthy();
    expect(screen.queryByRole('tab', { name: '指派承办人' })).toBeNull();
  });
});
