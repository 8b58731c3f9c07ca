import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderConsole, staffWith } from '../../testing/render-console.js';

describe('administration', () => {
  it('registers a widget partner only with valid origins', async () => {
    const user = userEvent.setup({ delay: null });
    const { requests } = renderConsole('/admin', {
      staff: staffWith(['admin']),
      api: {
        'GET /partners': { body: { items: [] } },
        'POST /partners': {
          status: 201,
          body: {
            id: 'acme',
            name: 'Acme Rider',
            allowedOrigins: ['https://app.acme.example'],
            enabled: true,
            createdAt: '2026-12-03T08:00:00.000Z',
            updatedAt: '2026-12-03T08:00:00.000Z',
          },
        },
      },
    });
    await user.click(await screen.findByRole('button', { name: '登记合作方' }));
    const form = await screen.findByRole('form', { name: '登记合作方' });
    await user.type(within(form).getByLabelText('合作方标识'), 'acme');
    await user.type(within(form).getByLabelText('名称'), 'Acme Rider');
    const origins = within(form).getByLabelText('允许嵌入的来源');
    await user.type(origins, 'ftp://acme.example{Enter}');
    await user.click(within(form).getByRole('button', { name: '登记合作方' }));
    expect(await within(form).findByText('不是有效的来源：ftp://acme.example')).toBeTruthy();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(0);

    await user.click(within(form).getByLabelText('close'));
    await user.type(origins, 'https://app.acme.example{Enter}');
    await user.click(within(form).getByRole('button', { name: '登记合作方' }));
    await waitFor(() => expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1));
    expect(requests.find((request) => request.method === 'POST')?.body).toEqual({
      id: 'acme',
      name: 'Acme Rider',
      allowedOrigins: ['https://app.acme.example'],
    });
  });
});
