import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderConsole, staffWith } from '../../testing/render-console.js';

const REQUEST = {
  id: 'rlr_1',
  platformId: 'plt_demo',
  shopId: 'shop_1',
  status: 'pending',
  review: {
    checklist: [{ item: 'Kitchen cleaned', passed: true }],
    licence: { number: 'JY-350102-0001' },
    rectificationEvidence: [{ description: 'Photos of the new kitchen', sha256: 'ab'.repeat(32) }],
    summary: 'Rectified.',
  },
  submittedAt: '2026-12-02T08:00:00.000Z',
  attestation: {
    kid: 'demo-platform-key-1',
    alg: 'EdDSA',
    jti: 'jti-1',
    signedAt: '2026-12-02T08:00:00.000Z',
    signature: 'sig=abc',
    bodySha256: 'cd'.repeat(32),
  },
  decision: null,
};

describe('relisting review', () => {
  it('shows the signed attestation and decides only with reasons', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/relisting', {
      staff: staffWith(['district_handler'], '350102'),
      api: {
        'GET /relisting-requests': { body: { items: [REQUEST], nextCursor: null } },
        'POST /relisting-requests/rlr_1/decision': { body: { ...REQUEST, status: 'approved' } },
      },
    });
    await user.click(await screen.findByText('rlr_1'));
    expect(await screen.findByText('cd'.repeat(32))).toBeTruthy();
    expect(screen.getAllByText('demo-platform-key-1').length).toBeGreaterThan(1);
    const form = await screen.findByRole('form', { name: '作出决定' });
    await user.click(within(form).getByLabelText('准予恢复上线'));
    await user.click(within(form).getByRole('button', { name: '作出决定' }));
    expect(await within(form).findByText('请填写理由')).toBeTruthy();
    await user.type(within(form).getByLabelText('理由'), 'Checked on site.');
    await user.click(within(form).getByRole('button', { name: '作出决定' }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1));
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      outcome: 'approved',
      reasons: 'Checked on site.',
    });
    expect(requests.find((request) => request.path === '/relisting-requests')?.query.get('status')).toBe(
      'pending',
    );
  });
});
