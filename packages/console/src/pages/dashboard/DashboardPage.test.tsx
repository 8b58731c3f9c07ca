import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../testing/fake-api.js';
import { renderConsole, staffWith } from '../../testing/render-console.js';

function metricsFor(request: RecordedRequest) {
  const to = request.query.get('to') ?? '2026-12-03';
  const from = request.query.get('from') ?? '2026-11-04';
  return {
    body: {
      from,
      to,
      generatedAt: '2026-12-03T08:00:00.000Z',
      overall: {
        tips: 42,
        platformLeads: 5,
        casesClosed: 30,
        closureRate: 0.75,
        ackHoursMedian: 2.5,
        ackHoursP90: 20,
        closeHoursMedian: 48,
        closeHoursP90: 120,
        overdueAcknowledgement: 1,
        overdueFeedback: 2,
        openCases: 12,
      },
      perDay: [
        { date: '2026-11-30', tips: 4, platformLeads: 1 },
        { date: '2026-12-01', tips: 6, platformLeads: 0 },
      ],
      districts: [
        {
          districtCode: '350102',
          tips: 40,
          platformLeads: 5,
          casesClosed: 29,
          closureRate: 0.725,
          ackHoursMedian: 2,
          ackHoursP90: 20,
          closeHoursMedian: 47,
          closeHoursP90: 119,
          overdueAcknowledgement: 1,
          overdueFeedback: 2,
          openCases: 11,
        },
      ],
      sections: {
        platforms: {
          takeDowns: 7,
          byPlatform: [{ platformId: 'plt_demo', name: 'Demo Delivery', leadsDispatched: 9, takeDowns: 7 }],
        },
        rewards: { paidFen: 123450, claims: 3 },
      },
    },
  };
}

/** The figure card titled `title`. */
async function figure(title: string): Promise<string> {
  const titles = await screen.findAllByText(title);
  const card = titles.map((element) => element.closest('.ant-statistic')).find(Boolean);
  return card?.textContent ?? '';
}

describe('the dashboard', () => {
  it("shows the period's figures, per district and per platform", async () => {
    renderConsole('/', { staff: staffWith(['reward_committee']), api: { 'GET /metrics': metricsFor } });
    expect(await figure('收到举报')).toContain('42');
    expect(await figure('办结率')).toContain('75.0%');
    expect(await figure('办结时长中位数')).toContain('48 小时');
    expect(await figure('发放金额')).toContain('¥1,234.50');
    const districts = screen.getByRole('table', { name: '各区情况' });
    expect(within(districts).getByText('鼓楼区')).toBeTruthy();
    expect(within(districts).getByText('72.5%')).toBeTruthy();
    const platforms = screen.getByRole('table', { name: '各平台情况' });
    expect(within(platforms).getByText('Demo Delivery')).toBeTruthy();
  });

  it("asks for a week ending on the server's day when the period changes", async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/', {
      staff: staffWith(['admin']),
      api: { 'GET /metrics': metricsFor },
    });
    await figure('收到举报');
    expect(requests.filter((request) => request.path === '/metrics')[0]?.query.toString()).toBe('');
    await user.click(screen.getByText('近 7 天'));
    await waitFor(() => {
      const last = requests.filter((request) => request.path === '/metrics').at(-1)!;
      expect([last.query.get('from'), last.query.get('to')]).toEqual(['2026-11-27', '2026-12-03']);
    });
  });

  it('asks for every day since launch', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/', {
      staff: staffWith(['admin']),
      api: { 'GET /metrics': metricsFor },
    });
    await figure('收到举报');
    await user.click(screen.getByText('自上线以来'));
    await waitFor(() => {
      const last = requests.filter((request) => request.path === '/metrics').at(-1)!;
      expect(last.query.toString()).toBe('since=launch');
    });
  });
});
