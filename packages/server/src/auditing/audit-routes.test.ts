import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('audit routes', () => {
  let t: TestApp;
  let auditor: string;
  beforeAll(async () => {
    t = await createTestApp();
    for (const email of ['intake@demo.local', 'admin@demo.local', 'finance@demo.local']) await t.login(email);
    auditor = await t.login('auditor1@demo.local');
  });
  afterAll(() => t.close());

  it('lets auditors and admins list events and page back', async () => {
    const page = (await (await t.request('/audit/events?limit=2', { token: auditor })).json()) as {
      items: Array<{ seq: number }>;
      nextBeforeSeq: number;
    };
    expect(page.items).toHaveLength(2);
    expect(page.nextBeforeSeq).toBe(page.items[1]!.seq);
    const older = (await (
      await t.request(`/audit/events?limit=2&beforeSeq=${page.nextBeforeSeq}`, { token: auditor })
    ).json()) as { items: Array<{ seq: number }> };
    expect(older.items[0]!.seq).toBeLessThan(page.nextBeforeSeq);
    const admin = await t.login('admin@demo.local');
    expect((await t.request('/audit/events', { token: admin })).status).toBe(200);
  });

  it('refuses other roles', async () => {
    for (const email of ['intake@demo.local', 'district@demo.local', 'finance@demo.local']) {
      const response = await t.request('/audit/events', { token: await t.login(email) });
      expect(response.status).toBe(403);
      expect((await t.request('/audit/verification', { token: await t.login(email) })).status).toBe(403);
    }
  });

  it('verifies the chain, and reports a tampered row', async () => {
    const intact = await t.request('/audit/verification', { token: auditor });
    expect(await intact.json()).toMatchObject({ intact: true, firstBrokenSeq: null });
    await t.ctx.db.execute(`UPDATE audit_events SET action = 'staff.nothing' WHERE seq = 2`);
    const broken = await t.request('/audit/verification', { token: auditor });
    expect(await broken.json()).toMatchObject({ intact: false, firstBrokenSeq: 2 });
  });
});
