import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('the partner registry', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login('admin@demo.local');
  });
  afterAll(() => t.close());

  it('seeds the demo partner for local origins', async () => {
    const response = await t.request('/partners', { token: admin });
    expect(response.status).toBe(200);
    const { items } = (await response.json()) as { items: Array<{ id: string; allowedOrigins: string[] }> };
    expect(items.find((p) => p.id === 'demo')?.allowedOrigins).toEqual([
      'http://localhost:*',
      'http://127.0.0.1:*',
    ]);
  });

  it('lets admins register and update partners, and audits both', async () => {
    const created = await t.request('/partners', {
      token: admin,
      json: { id: 'courier-app', name: 'Courier app', allowedOrigins: ['https://Courier.Example.CN:443'] },
    });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      id: 'courier-app',
      allowedOrigins: ['https://courier.example.cn'],
      enabled: true,
    });
    const updated = await t.request('/partners/courier-app', {
      method: 'PATCH',
      token: admin,
      json: { enabled: false },
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ enabled: false });
    const events = await t.ctx.audit.list({ subjectType: 'partner', subjectId: 'courier-app' });
    expect(events.map((e) => e.action)).toEqual(['partner.updated', 'partner.registered']);
  });

  it('refuses duplicates, unsafe origins, unknown partners and non-admins', async () => {
    const again = await t.request('/partners', {
      token: admin,
      json: { id: 'courier-app', name: 'Again', allowedOrigins: ['https://x.example.cn'] },
    });
    expect(again.status).toBe(409);
    const insecure = await t.request('/partners', {
      token: admin,
      json: {
        id: 'plain',
        name: 'Plain',
        allowedOrigins: ['https://ok.example.cn', 'http://shop.example.cn'],
      },
    });
    expect(insecure.status).toBe(422);
    expect(await insecure.json()).toMatchObject({ errors: [{ pointer: '#/allowedOrigins/1' }] });
    const cspInjection = await t.request('/partners', {
      token: admin,
      json: { id: 'inject', name: 'x', allowedOrigins: ["https://a.cn 'unsafe-inline'"] },
    });
    expect(cspInjection.status).toBe(400);
    const missing = await t.request('/partners/nope', {
      method: 'PATCH',
      token: admin,
      json: { enabled: true },
    });
    expect(missing.status).toBe(404);
    const intake = await t.login('intake@demo.local');
    expect((await t.request('/partners', { token: intake })).status).toBe(403);
    expect((await t.request('/partners')).status).toBe(401);
    const listed = (await (await t.request('/partners', { token: admin })).json()) as { items: unknown[] };
    expect(listed.items).toHaveLength(2);
  });
});
