import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderConsole, staffWith } from '../../testing/render-console.js';

const METRICS = {
  from: '2026-11-04',
  to: '2026-12-03',
  generatedAt: '2026-12-03T08:00:00.000Z',
  overall: {},
  perDay: [],
  districts: [],
  sections: { platforms: { byPlatform: [{ platformId: 'plt_demo', name: 'Demo Delivery', takeDowns: 2 }] } },
};
const JWKS = {
  keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'WNL4YNECdf2plyujdwt9WKI2RNmXGm4Z2m3mvfUxV-Y', kid: 'k1' }],
};

describe('the platforms page', () => {
  it('lists the platforms; an admin registers one with its keys, refused JWKS shown on the field', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/platforms', {
      staff: staffWith(['admin']),
      api: {
        'GET /metrics': { body: METRICS },
        'POST /platforms': {
          status: 201,
          body: {
            id: 'plt_new',
            name: 'New Eats',
            jwks: JWKS,
            jwksUrl: null,
            webhookUrl: null,
            webhookEnabled: true,
            webhookDisabledReason: null,
            contacts: [{ name: 'Ops', email: 'ops@new.example' }],
            createdAt: '2026-12-03T08:00:00.000Z',
            updatedAt: '2026-12-03T08:00:00.000Z',
          },
        },
      },
    });
    expect(await screen.findByRole('link', { name: 'Demo Delivery' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '登记平台' }));
    const form = await screen.findByRole('form', { name: '登记平台' });
    await user.type(within(form).getByLabelText('平台名称'), 'New Eats');
    await user.click(within(form).getByLabelText('平台公钥（JWKS）'));
    await user.paste('{"keys": []}');
    await user.type(within(form).getByLabelText('联系人'), 'Ops');
    await user.type(within(form).getByLabelText('联系人邮箱'), 'ops@new.example');
    await user.click(within(form).getByRole('button', { name: '登记平台' }));
    expect(await within(form).findByText('不是有效的 JWKS（需含非空 keys 数组的 JSON）')).toBeTruthy();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);

    await user.clear(within(form).getByLabelText('平台公钥（JWKS）'));
    await user.click(within(form).getByLabelText('平台公钥（JWKS）'));
    await user.paste(JSON.stringify(JWKS));
    await user.click(within(form).getByRole('button', { name: '登记平台' }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1));
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      name: 'New Eats',
      jwks: JWKS,
      webhookUrl: null,
      contacts: [{ name: 'Ops', email: 'ops@new.example' }],
    });
  });

  it('offers no registration to the detachment', async () => {
    renderConsole('/platforms', {
      staff: staffWith(['detachment_handler']),
      api: { 'GET /metrics': { body: METRICS } },
    });
    expect(await screen.findByRole('link', { name: 'Demo Delivery' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: '登记平台' })).toBeNull();
  });
});
