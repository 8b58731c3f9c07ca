import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffService } from '../staff/staff-service.js';
import { insertTestShop, registerTestPlatform } from '../testing/platform-test-kit.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { submitTestTip, submitTriagedTip } from '../testing/triaged-tip.js';
import type { Notification } from './notification-records.js';
import { createNotificationSweep, type NotificationSweep } from './notification-sweep.js';

const DAY = 86_400_000;
const DESCRIPTION = 'Cockroaches behind the wok station, seen by the night cook.';
const SHOP = { name: 'Notify Noodle Bar 通知面馆', address: '88 Wusi Road' };

/** The sweep finds what staff must be told, once each; the API shows each their own. */
describe('notifications: sweep and my notifications', () => {
  let t: TestApp;
  let sweep: NotificationSweep;

  beforeAll(async () => {
    t = await createTestApp({ NOTIFY_DEADLINE_SOON_DAYS: '2', NOTIFY_TIME_ZONE: '+08:00' });
    sweep = createNotificationSweep(t.ctx);
    // The first sweep starts the queue feed at the newest transition and tells what is already overdue.
    await sweep.runOnce();
    for (const email of ['intake@demo.local', 'district@demo.local', 'detachment@demo.local']) {
      await t.request('/notifications/read', { token: await t.login(email), method: 'POST' });
    }
  });
  afterAll(() => t.close());

  const mine = async (
    email: string,
    query = '',
  ): Promise<{ items: Notification[]; unreadCount: number; nextCursor: string | null }> => {
    const response = await t.request(`/notifications${query}`, { token: await t.login(email) });
    expect(response.status).toBe(200);
    return response.json() as never;
  };
  const unread = async (email: string) => (await mine(email, '?unread=true')).items;

  const submitTip = () => submitTestTip(t, { description: DESCRIPTION, shop: SHOP });

  it('tells intake of a new case in its queue, once, with its acknowledgement due day', async () => {
    const { identityCode } = await submitTip();
    expect((await sweep.runOnce()).recorded).toBeGreaterThan(0);
    expect((await sweep.runOnce()).recorded).toBe(0);
    const items = await unread('intake@demo.local');
    expect(items).toHaveLength(1);
    const [notification] = items;
    // Acknowledgement due 7 days after 2026-01-05T08:00Z: the 12th in Fuzhou, a day not an instant.
    expect(notification).toMatchObject({
      kind: 'case_in_queue',
      identityCode,
      deadline: 'acknowledgement',
      dueDate: '2026-01-12',
      leadId: null,
      readAt: null,
    });
    expect(notification!.id).toMatch(/^ntf_[0-9a-z]{26}$/);
    expect(notification!.link).toBe(`${t.ctx.config.publicUrl}/console/notifications/${notification!.id}`);
    // Not the district's yet, and nobody outside the unit's (admins see all cases but are not told of each).
    expect(await unread('district@demo.local')).toHaveLength(0);
    expect(await unread('admin@demo.local')).toHaveLength(0);
  });

  it('tells the district bureau when intake routes a case to it, with the feedback due day', async () => {
    const { receipt } = await submitTriagedTip(t, { description: DESCRIPTION, shop: SHOP });
    await sweep.runOnce();
    const items = await unread('district@demo.local');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: 'case_in_queue',
      identityCode: receipt.identityCode,
      deadline: 'feedback',
    });
    await t.request('/notifications/read', { token: await t.login('district@demo.local'), method: 'POST' });
    await t.request('/notifications/read', { token: await t.login('intake@demo.local'), method: 'POST' });
  });

  it('warns before a deadline and again when it has passed, once each', async () => {
    const { identityCode } = await submitTip();
    await sweep.runOnce();
    await t.request('/notifications/read', { token: await t.login('intake@demo.local'), method: 'POST' });
    t.clock.advance(4 * DAY);
    await sweep.runOnce();
    expect(await unread('intake@demo.local')).toEqual([]);
    t.clock.advance(DAY + 3600_000);
    await sweep.runOnce();
    const soon = (await unread('intake@demo.local')).filter((n) => n.identityCode === identityCode);
    expect(soon).toMatchObject([{ kind: 'case_deadline_soon', deadline: 'acknowledgement' }]);
    t.clock.advance(2 * DAY);
    await sweep.runOnce();
    await sweep.runOnce();
    const all = (await mine('intake@demo.local')).items.filter((n) => n.identityCode === identityCode);
    expect(all.map((n) => n.kind)).toEqual(['case_overdue', 'case_deadline_soon', 'case_in_queue']);
    expect(new Set(all.map((n) => n.dueDate)).size).toBe(1);
  });

  it('tells whoever sent a lead when the platform misses its deadlines', async () => {
    const platform = await registerTestPlatform(t, await t.login('admin@demo.local'));
    const shop = await insertTestShop(t.ctx, platform.id);
    const created = await t.request('/leads', {
      token: await t.login('district@demo.local'),
      json: {
        source: 'shop',
        shopId: shop.id,
        summary: 'Licence expired',
        deadlines: { acknowledgeWithinSeconds: 60, actionWithinSeconds: 120 },
      },
    });
    expect(created.status).toBe(201);
    const { id: leadId } = (await created.json()) as { id: string };
    t.clock.advance(90_000);
    await sweep.runOnce();
    expect((await unread('district@demo.local')).map((n) => [n.kind, n.leadId])).toEqual([
      ['lead_acknowledgement_overdue', leadId],
    ]);
    t.clock.advance(60_000);
    await sweep.runOnce();
    await sweep.runOnce();
    const kinds = (await unread('district@demo.local')).map((n) => n.kind);
    expect(kinds).toEqual(['lead_action_overdue', 'lead_acknowledgement_overdue']);
  });

  it('pages with an opaque cursor, refuses a made-up one, and marks read', async () => {
    const first = await mine('intake@demo.local', '?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await mine('intake@demo.local', `?limit=1&cursor=${first.nextCursor}`);
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    const bad = await t.request('/notifications?cursor=bm90LWEtY3Vyc29y', {
      token: await t.login('intake@demo.local'),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'invalid_cursor' });

    const target = first.items[0]!;
    const stranger = await t.request(`/notifications/${target.id}/read`, {
      token: await t.login('district@demo.local'),
      method: 'POST',
    });
    expect(stranger.status).toBe(404);
    const read = await t.request(`/notifications/${target.id}/read`, {
      token: await t.login('intake@demo.local'),
      method: 'POST',
    });
    expect(read.status).toBe(200);
    const body = (await read.json()) as Notification;
    expect(body.readAt).toBe(t.clock.now().toISOString());
    const before = (await mine('intake@demo.local')).unreadCount;
    const all = await t.request('/notifications/read', {
      token: await t.login('intake@demo.local'),
      method: 'POST',
    });
    expect(await all.json()).toEqual({ marked: before, unreadCount: 0 });
  });

  it('records nothing of the reporter or the case beyond its identity code', async () => {
    const rows = JSON.stringify(
      (await t.ctx.db.execute('SELECT * FROM notifications')).rows.concat(
        (await t.ctx.db.execute('SELECT * FROM notification_emails')).rows,
      ),
    );
    for (const secret of [
      DESCRIPTION,
      SHOP.name,
      SHOP.address,
      'Licence expired',
      'receivedAt',
      'received_at',
    ]) {
      expect(rows).not.toContain(secret);
    }
  });

  it('tells only the officer a case is assigned to, and not one who takes it themselves', async () => {
    const colleague = await createStaffService(t.ctx).createUser({
      email: 'gulou2@demo.local',
      displayName: 'Gulou Handler Two',
      password: 'demo',
      roles: ['district_handler'],
      districtCode: '350102',
    });
    const { caseId, receipt, handler } = await submitTriagedTip(t, { description: DESCRIPTION, shop: SHOP });
    await sweep.runOnce();
    const code = receipt.identityCode;
    const about = async (email: string) => (await unread(email)).filter((n) => n.identityCode === code);
    expect((await about('gulou2@demo.local')).map((n) => n.kind)).toEqual(['case_in_queue']);
    for (const email of ['district@demo.local', 'gulou2@demo.local']) {
      await t.request('/notifications/read', { token: await t.login(email), method: 'POST' });
    }
    const me = (await (await t.request('/staff/me', { token: handler })).json()) as { id: string };
    expect(
      (await t.request(`/cases/${caseId}/officer`, { token: handler, json: { officerId: me.id } })).status,
    ).toBe(200);
    await sweep.runOnce();
    expect(await about('district@demo.local')).toEqual([]);
    expect(await about('gulou2@demo.local')).toEqual([]);

    const handOver = await t.request(`/cases/${caseId}/officer`, {
      token: await t.login('district@demo.local'),
      json: { officerId: colleague.id },
    });
    expect(handOver.status).toBe(200);
    await sweep.runOnce();
    expect(await about('gulou2@demo.local')).toMatchObject([{ kind: 'case_assigned', deadline: 'feedback' }]);
    expect(await about('district@demo.local')).toEqual([]);

    // Its deadlines are the officer's now: the unit is not told.
    t.clock.advance(89 * DAY);
    await sweep.runOnce();
    expect((await about('gulou2@demo.local')).map((n) => n.kind)).toEqual([
      'case_deadline_soon',
      'case_assigned',
    ]);
    expect(await about('district@demo.local')).toEqual([]);
  });
});
