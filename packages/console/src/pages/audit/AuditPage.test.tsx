import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderConsole, staffWith } from '../../testing/render-console.js';

const EVENTS = { 'GET /audit/events': { body: { items: [], nextBeforeSeq: null } } };

const REQUEST = {
  id: 'unq_1',
  caseId: 'case_01m8xh67q3wgar20y6exdbvw0m',
  identityCode: 'FZ-TEST-CODE-1',
  legalBasis: 'Art. 1',
  reason: 'A court order to identify the witness.',
  state: 'approved',
  threshold: 2,
  approvals: [
    { auditorId: 'stf_a', submittedAt: '2026-12-03T08:00:00.000Z' },
    { auditorId: 'stf_b', submittedAt: '2026-12-03T08:10:00.000Z' },
  ],
  requestedBy: 'stf_a',
  createdAt: '2026-12-03T07:00:00.000Z',
  expiresAt: '2026-12-04T07:00:00.000Z',
  openedAt: null,
};

describe('the audit page', () => {
  it('shows tombstoned events as such: no actor, subject or details, the hash kept', async () => {
    const event = (seq: number, tombstoned: boolean) => ({
      seq,
      id: `aud_${seq}`,
      at: '2026-12-03T08:00:00.000Z',
      actor: { type: 'staff', id: tombstoned ? '' : 'stf_intake' },
      action: 'case.triaged',
      subject: tombstoned ? null : { type: 'case', id: 'case_1' },
      details: tombstoned ? {} : { decision: 'accept' },
      prevHash: 'cd'.repeat(32),
      hash: 'ab'.repeat(32),
      tombstoned,
    });
    renderConsole('/audit', {
      staff: staffWith(['auditor']),
      api: {
        'GET /audit/events': { body: { items: [event(2, false), event(1, true)], nextBeforeSeq: null } },
      },
    });
    const tomb = (await screen.findByText('已墓碑化')).closest('tr')!;
    expect(within(tomb).queryByText(/stf_intake|case_1/)).toBeNull();
    expect(within(tomb).getByText(/^abababab/)).toBeTruthy();
    const live = screen.getByText('staff:stf_intake').closest('tr')!;
    expect(within(live).getByText('{"decision":"accept"}')).toBeTruthy();
  });

  it('names where a tampered chain breaks', async () => {
    const user = userEvent.setup({ delay: null });
    renderConsole('/audit', {
      staff: staffWith(['auditor']),
      api: {
        ...EVENTS,
        'GET /audit/verification': {
          body: {
            intact: false,
            mode: 'incremental',
            eventsChecked: 12,
            fromSeq: 0,
            headSeq: 40,
            headHash: 'ab'.repeat(32),
            firstBrokenSeq: 17,
            reason: 'event 17: hash mismatch',
            checkpointsChecked: 1,
            checkpoint: null,
            verifiedAt: '2026-12-03T09:00:00.000Z',
          },
        },
      },
    });
    await user.click(await screen.findByRole('tab', { name: '校验哈希链' }));
    await user.click(screen.getByRole('button', { name: '校验哈希链' }));
    expect(await screen.findByText('哈希链被篡改：第 17 条事件起不一致')).toBeTruthy();
    expect(screen.getByText('event 17: hash mismatch')).toBeTruthy();
  });

  it('checks a share before sending it', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/audit', { staff: staffWith(['auditor']), api: EVENTS });
    await user.click(await screen.findByRole('tab', { name: '身份解封' }));
    const form = await screen.findByRole('form', { name: '提交密钥分片' });
    await user.type(within(form).getByLabelText('解封申请编号'), 'unq_1');
    await user.type(within(form).getByLabelText('密钥分片'), 'not-a-share');
    await user.click(within(form).getByRole('button', { name: '提交密钥分片' }));
    expect(await within(form).findByText('分片格式应为 EZA1.<kid>.<base64url>')).toBeTruthy();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);
  });

  it('shows the opened identity once, to the requester, and keeps it nowhere', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/audit', {
      staff: staffWith(['auditor']),
      api: {
        ...EVENTS,
        'GET /unseal-requests/unq_1': (request) => ({
          body: request.headers.get('ezhili-unseal-key')
            ? {
                ...REQUEST,
                state: 'opened',
                identity: {
                  realName: '张三',
                  residentId: '350102199001011234',
                  phone: '13800000000',
                  bankAccount: { bankName: 'Bank', accountNumber: '6222000000000000', accountName: '张三' },
                  identityVersion: 1,
                },
              }
            : REQUEST,
        }),
      },
    });
    await user.click(await screen.findByRole('tab', { name: '身份解封' }));
    const form = await screen.findByRole('form', { name: '查看申请 / 打开身份' });
    await user.type(within(form).getByLabelText('解封申请编号'), 'unq_1');
    await user.type(within(form).getByLabelText('一次性密钥（仅申请人）'), 'one-time-key');
    await user.click(within(form).getByRole('button', { name: '查看申请 / 打开身份' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('350102199001011234')).toBeTruthy();
    expect(
      requests.find((request) => request.path === '/unseal-requests/unq_1')?.headers.get('ezhili-unseal-key'),
    ).toBe('one-time-key');
    await user.click(within(dialog).getByRole('button', { name: '我已记录，关闭' }));
    await waitFor(() => expect(screen.queryByText('350102199001011234')).toBeNull());
    const kept =
      JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie;
    expect(kept).not.toContain('350102199001011234');
    expect(document.body.innerHTML).not.toContain('350102199001011234');
  });
});
