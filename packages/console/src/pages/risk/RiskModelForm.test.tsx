import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { problemBody } from '../../testing/fake-api.js';
import { renderConsole, staffWith } from '../../testing/render-console.js';

const MODEL = {
  name: 'Preset',
  description: 'Hand-set weights.',
  intercept: -2.5,
  halfLifeDays: 365,
  indicators: [
    { indicator: 'critical_recent', weight: 0.9, transform: 'log1p', name: 'critical_recent' },
    { indicator: 'licence_missing', weight: 1.5, name: 'licence_missing', transform: 'identity' },
  ],
  tiers: { B: 25, C: 50, D: 75 },
  leadTier: 'D',
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'system',
};
const SHOPS = { 'GET /risk/shops': { body: { run: null, items: [], nextCursor: null } } };

describe('the risk model form', () => {
  it("shows the server's per-field error on the indicator's weight and sends the whole model", async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/risk', {
      staff: staffWith(['admin']),
      api: {
        ...SHOPS,
        'GET /risk/model': { body: MODEL },
        'GET /risk/backtests': { body: { items: [], nextCursor: null } },
        'PUT /risk/model': problemBody(422, 'invalid_model', 'The model is invalid.', [
          { pointer: '#/indicators/1/weight', detail: 'must be at most 10' },
        ]),
      },
    });
    await user.click(await screen.findByRole('tab', { name: '风险模型' }));
    const form = await screen.findByRole('form', { name: '风险模型' });
    const weight = await within(form).findByLabelText('权重 2');
    await user.clear(weight);
    await user.type(weight, '99');
    await user.click(within(form).getByRole('button', { name: '保存为新版本' }));
    expect(await within(form).findByText('must be at most 10')).toBeTruthy();
    const put = requests.find((request) => request.method === 'PUT');
    expect(put?.body).toMatchObject({
      intercept: -2.5,
      tiers: { B: 25, C: 50, D: 75 },
      indicators: [
        { indicator: 'critical_recent', weight: 0.9, transform: 'log1p' },
        { indicator: 'licence_missing', weight: 99 },
      ],
    });
    expect(put?.body).not.toHaveProperty('version');
  });

  it('checks the half-life range before sending', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/risk', {
      staff: staffWith(['admin']),
      api: {
        ...SHOPS,
        'GET /risk/model': { body: MODEL },
        'GET /risk/backtests': { body: { items: [], nextCursor: null } },
      },
    });
    await user.click(await screen.findByRole('tab', { name: '风险模型' }));
    const form = await screen.findByRole('form', { name: '风险模型' });
    const halfLife = await within(form).findByLabelText('半衰期（天）');
    await user.clear(halfLife);
    await user.type(halfLife, '5000');
    await user.click(within(form).getByRole('button', { name: '保存为新版本' }));
    expect(await within(form).findByText('半衰期须在 1 至 3650 天之间')).toBeTruthy();
    await waitFor(() => expect(requests.filter((request) => request.method === 'PUT')).toHaveLength(0));
  });

  it('offers a district handler no edit, run or backtests', async () => {
    const user = userEvent.setup({ delay: null });
    renderConsole('/risk', {
      staff: staffWith(['district_handler'], '350102'),
      api: { ...SHOPS, 'GET /risk/model': { body: MODEL } },
    });
    await user.click(await screen.findByRole('tab', { name: '风险模型' }));
    const form = await screen.findByRole('form', { name: '风险模型' });
    await within(form).findByLabelText('权重 1');
    expect(within(form).queryByRole('button', { name: '保存为新版本' })).toBeNull();
    expect(screen.queryByRole('tab', { name: '运行风险评估' })).toBeNull();
    expect(screen.queryByRole('tab', { name: '回测' })).toBeNull();
  });
});
