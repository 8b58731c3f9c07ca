import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { problemBody } from '../../testing/fake-api.js';
import { renderConsole, staffWith } from '../../testing/render-console.js';

const METRICS = {
  from: '2026-11-04',
  to: '2026-12-03',
  generatedAt: '2026-12-03T08:00:00.000Z',
  overall: {
    tips: 3,
    platformLeads: 0,
    casesClosed: 0,
    closureRate: 0,
    ackHoursMedian: 0,
    ackHoursP90: 0,
    closeHoursMedian: null,
    closeHoursP90: null,
    overdueAcknowledgement: 0,
    overdueFeedback: 0,
    openCases: 3,
  },
  perDay: [],
  districts: [],
  sections: {},
};

describe('the login page', () => {
  it('shows the validation messages and sends nothing when the form is incomplete', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/login', { staff: null });
    await user.click(await screen.findByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('请填写邮箱')).toBeTruthy();
    expect(screen.getByText('请填写密码')).toBeTruthy();
    await user.type(screen.getByLabelText('邮箱'), 'not-an-email');
    expect(await screen.findByText('请输入有效的邮箱地址')).toBeTruthy();
    expect(requests.filter((request) => request.path === '/staff/sessions')).toHaveLength(0);
  });

  it('names a refused login without saying which half was wrong', async () => {
    const user = userEvent.setup({ delay: null });
    renderConsole('/login', {
      staff: null,
      api: { 'POST /staff/sessions': problemBody(401, 'invalid_credentials', 'Invalid email or password.') },
    });
    await user.type(await screen.findByLabelText('邮箱'), 'intake@demo.local');
    await user.type(screen.getByLabelText('密码'), 'wrong');
    await user.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByText('邮箱或密码错误')).toBeTruthy();
  });

  it('signs in, reads the roles from `me`, keeps the token out of storage and opens the dashboard', async () => {
    const user = userEvent.setup({ delay: null });
    const staff = staffWith(['finance']);
    const { requests, router } = renderConsole('/login', {
      staff: null,
      api: {
        'POST /staff/sessions': {
          status: 201,
          body: { token: 'secret-token', tokenType: 'Bearer', expiresAt: '2099-01-01T00:00:00Z', staff },
        },
        'GET /staff/me': { body: staff },
        'GET /metrics': { body: METRICS },
      },
    });
    await user.type(await screen.findByLabelText('邮箱'), 'finance@demo.local');
    await user.type(screen.getByLabelText('密码'), 'demo');
    await user.click(screen.getByRole('button', { name: /登\s*录/ }));
    expect(await screen.findByRole('heading', { name: '驾驶舱' })).toBeTruthy();
    await waitFor(() => expect(router.state.location.pathname).toBe('/'));
    expect(requests.find((request) => request.path === '/staff/sessions')?.body).toEqual({
      email: 'finance@demo.local',
      password: 'demo',
    });
    const me = requests.find((request) => request.path === '/staff/me');
    expect(me?.headers.get('authorization')).toBe('Bearer secret-token');
    // Finance's menu: the dashboard and rewards only.
    const menu = screen.getByRole('menu');
    expect(menu.textContent).toContain('奖励');
    expect(menu.textContent).not.toContain('案件队列');
    expect(menu.textContent).not.toContain('审计');
    const stored = JSON.stringify({ ...localStorage }) + document.cookie;
    expect(stored).not.toContain('secret-token');
  });
});
