import type { Schema } from '@ezhili/sdk';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderConsole, staffWith } from '../../testing/render-console.js';

function claim(overrides: Partial<Schema<'RewardClaim'>> = {}): Schema<'RewardClaim'> {
  return {
    id: 'rcl_1',
    identityCode: 'FZ-TEST-CODE-1',
    caseId: 'case_1',
    state: 'proposed',
    profileId: 'samr-2021',
    basisFen: 10_000_000,
    level: 1,
    internalWhistleblower: false,
    proposalReasons: 'Key evidence.',
    ruleAmountFen: 500_000,
    amountBounds: { minFen: 500_000, maxFen: 1_000_000 },
    amountFen: null,
    deviationReason: null,
    claimedAt: '2026-12-01T08:00:00.000Z',
    determinationDueAt: '2027-01-10T08:00:00.000Z',
    overdue: false,
    proposedAt: '2026-12-02T08:00:00.000Z',
    determinedAt: null,
    approvedAt: null,
    payout: null,
    ...overrides,
  };
}

describe('the rewards page', () => {
  it("opens the committee's queue (proposed claims) and determines within the rule's bounds", async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/rewards', {
      staff: staffWith(['reward_committee']),
      api: {
        'GET /rewards/claims': { body: { items: [claim()] } },
        'POST /rewards/claims/rcl_1/determination': {
          body: claim({ state: 'determined', amountFen: 800_000 }),
        },
      },
    });
    await user.click(await screen.findByText('rcl_1'));
    expect(requests.find((request) => request.path === '/rewards/claims')?.query.get('state')).toBe(
      'proposed',
    );
    const form = await screen.findByRole('form', { name: '评定奖励金额' });
    expect(within(form).getByText('¥5,000.00 – ¥10,000.00')).toBeTruthy();
    const amount = within(form).getByLabelText('评定金额（元）') as HTMLInputElement;
    expect(amount.value).toBe('5000.00');

    await user.clear(amount);
    await user.type(amount, '12000');
    await user.click(within(form).getByRole('button', { name: '评定奖励金额' }));
    expect(await within(form).findByText('金额须在 ¥5,000.00 至 ¥10,000.00 之间')).toBeTruthy();

    await user.clear(amount);
    await user.type(amount, '8000');
    await user.click(within(form).getByRole('button', { name: '评定奖励金额' }));
    expect(await within(form).findByText('请填写调整理由')).toBeTruthy();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);

    await user.type(within(form).getByLabelText('调整理由'), 'Exceptional help.');
    await user.click(within(form).getByRole('button', { name: '评定奖励金额' }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1));
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      amountFen: 800_000,
      reason: 'Exceptional help.',
    });
  });

  it('takes the rule amount with an empty body', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/rewards', {
      staff: staffWith(['reward_committee']),
      api: {
        'GET /rewards/claims': { body: { items: [claim()] } },
        'POST /rewards/claims/rcl_1/determination': {
          body: claim({ state: 'determined', amountFen: 500_000 }),
        },
      },
    });
    await user.click(await screen.findByText('rcl_1'));
    const form = await screen.findByRole('form', { name: '评定奖励金额' });
    await user.click(within(form).getByRole('button', { name: '评定奖励金额' }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1));
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({});
  });

  it('gives finance its approval queue and no committee form', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/rewards', {
      staff: staffWith(['finance']),
      api: {
        'GET /rewards/claims': { body: { items: [claim({ state: 'determined', amountFen: 500_000 })] } },
      },
    });
    await user.click(await screen.findByText('rcl_1'));
    expect(requests.find((request) => request.path === '/rewards/claims')?.query.get('state')).toBe(
      'determined',
    );
    expect(await screen.findByRole('button', { name: '批准发放' })).toBeTruthy();
    expect(screen.queryByRole('form', { name: '评定奖励金额' })).toBeNull();
    expect(screen.getByText(/职责分离/)).toBeTruthy();
  });
});
