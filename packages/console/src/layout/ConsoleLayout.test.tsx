import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderConsole, staffWith } from '../testing/render-console.js';

const EMPTY_METRICS = {
  from: '2026-11-04',
  to: '2026-12-03',
  generatedAt: '2026-12-03T08:00:00.000Z',
  overall: {
    tips: 0,
    platformLeads: 0,
    casesClosed: 0,
    closureRate: null,
    ackHoursMedian: null,
    ackHoursP90: null,
    closeHoursMedian: null,
    closeHoursP90: null,
    overdueAcknowledgement: 0,
    overdueFeedback: 0,
    openCases: 0,
  },
  perDay: [],
  districts: [],
  sections: {},
};

describe('the console layout', () => {
  it("shows a district handler's menu, and refuses the audit page opened by URL", async () => {
    renderConsole('/audit', { staff: staffWith(['district_handler'], '350102') });
    expect(await screen.findByText('您的角色无权访问此页面。')).toBeTruthy();
    const menu = screen.getByRole('menu');
    for (const label of ['驾驶舱', '案件队列', '奖励', '平台', '恢复上线审核', '风险分级']) {
      expect(within(menu).getByText(label)).toBeTruthy();
    }
    expect(within(menu).queryByText('审计')).toBeNull();
    expect(within(menu).queryByText('系统管理')).toBeNull();
  });

  it('sends a signed-out visitor to the login page', async () => {
    const { router } = renderConsole('/cases', { staff: null });
    expect(await screen.findByLabelText('邮箱')).toBeTruthy();
    expect(router.state.location.pathname).toBe('/login');
  });

  it('switches the language to English and back', async () => {
    const user = userEvent.setup({ delay: null });
    renderConsole('/', { staff: staffWith(['admin']), api: { 'GET /metrics': { body: EMPTY_METRICS } } });
    expect(await screen.findByRole('heading', { name: '驾驶舱' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: 'Dashboard' })).toBeTruthy();
    expect(within(screen.getByRole('menu')).getByText('Administration')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '中文' }));
    expect(await screen.findByRole('heading', { name: '驾驶舱' })).toBeTruthy();
  });
});
