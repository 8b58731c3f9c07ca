import type { Schema } from '@ezhili/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countRows,
  insertTestShop,
  registerTestPlatform,
  type TestPlatform,
} from '../testing/platform-test-kit.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('relisting a taken-down shop', () => {
  let t: TestApp;
  let platform: TestPlatform;
  let other: TestPlatform;
  let shopId: string;

  const review = {
    checklist: [
      { item: 'Valid food business licence displayed', passed: true },
      { item: 'Kitchen photos show rectified hygiene', passed: true, note: 'new extractor fitted' },
    ],
    licence: { number: 'JY23501020012345', expiresOn: '2030-01-01' },
    rectificationEvidence: [{ description: 'Inspection report by the platform', sha256: 'b'.repeat(64) }],
    summary: 'Shop rectified all findings.',
  };
  const staff = async (email = 'district@demo.local') => t.login(email);
  const status = async (id: string) =>
    (await (await t.request(`/shops/${id}/relisting-status`, { token: await staff() })).json()) as Record<
      string,
      unknown
    >;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.login('admin@demo.local');
    platform = await registerTestPlatform(t, admin);
    other = await registerTestPlatform(t, admin, { name: 'Other' });
    const shop = await insertTestShop(t.ctx, platform.id);
    shopId = shop.id;
    const lead = (await (
      await t.request('/leads', {
        token: await staff('intake@demo.local'),
        json: { source: 'shop', shopId, summary: 'Expired meat' },
      })
    ).json()) as { id: string };
    const action = await platform.call('POST', `/platforms/${platform.id}/leads/${lead.id}/action`, {
      action: 'taken_down',
      at: t.clock.now().toISOString(),
    });
    expect(action.status).toBe(201);
  });
  afterAll(() => t.close());

  it("refuses relisting a shop never taken down, another platform's shop, and bad signatures; writes nothing", async () => {
    const untouched = await insertTestShop(t.ctx, platform.id);
    const path = `/platforms/${platform.id}/relisting-requests`;
    const never = await platform.call('POST', path, { shopId: untouched.id, review });
    expect(never.status).toBe(409);
    expect(await never.json()).toMatchObject({ code: 'shop_not_taken_down' });
    expect(await status(untouched.id)).toMatchObject({
      takenDown: false,
      relistable: true,
      reason: 'never_taken_down',
    });
    const foreign = await other.call('POST', `/platforms/${other.id}/relisting-requests`, { shopId, review });
    expect(foreign.status).toBe(403);
    const tampered = await platform.call(
      'POST',
      path,
      { shopId, review },
      { signedBody: JSON.stringify({ shopId, review: { ...review, summary: 'other' } }) },
    );
    expect(tampered.status).toBe(401);
    expect(await countRows(t.ctx.db, 'relisting_requests')).toBe(0);
    expect(await status(shopId)).toMatchObject({
      takenDown: true,
      relistable: false,
      reason: 'awaiting_request',
    });
  });

  it("stores a signed request as the platform's attestation; a rejection keeps the shop unrelistable", async () => {
    const created = await platform.call('POST', `/platforms/${platform.id}/relisting-requests`, {
      shopId,
      review,
    });
    expect(created.status).toBe(201);
    const request = (await created.json()) as Schema<'RelistingRequest'>;
    expect(request).toMatchObject({
      status: 'pending',
      shopId,
      decision: null,
      attestation: { kid: platform.key.kid },
    });
    const stored = (
      await t.ctx.db.execute({
        sql: 'SELECT signed_body FROM relisting_requests WHERE id = ?',
        args: [request.id],
      })
    ).rows[0]!;
    expect(JSON.parse(String(stored.signed_body))).toEqual({ shopId, review });
    expect(await status(shopId)).toMatchObject({
      relistable: false,
      reason: 'request_pending',
      latestRequestId: request.id,
    });

    const duplicate = await platform.call('POST', `/platforms/${platform.id}/relisting-requests`, {
      shopId,
      review,
    });
    expect(duplicate.status).toBe(409);

    // Platform sees its own request, not through another platform.
    expect((await platform.call('GET', `/relisting-requests/${request.id}`)).status).toBe(200);
    expect((await other.call('GET', `/relisting-requests/${request.id}`)).status).toBe(404);
    const theirs = (await (await other.call('GET', '/relisting-requests')).json()) as { items: unknown[] };
    expect(theirs.items).toEqual([]);

    const intake = await staff('intake@demo.local');
    expect(
      (
        await t.request(`/relisting-requests/${request.id}/decision`, {
          token: intake,
          json: { outcome: 'approved', reasons: 'ok' },
        })
      ).status,
    ).toBe(403);
    // To a handler of another district the request is as absent as one that does not exist (the
    // test shop is in 350102, Gulou): no read, no decision.
    const otherDistrict = await t.ctx.db.execute({
      sql: 'UPDATE shops SET district_code = ? WHERE id = ?',
      args: ['350103', shopId],
    });
    expect(otherDistrict.rowsAffected).toBe(1);
    const outside = await t.request(`/relisting-requests/${request.id}/decision`, {
      token: await staff(),
      json: { outcome: 'approved', reasons: 'ok' },
    });
    expect([outside.status, ((await outside.json()) as { code: string }).code]).toEqual([
      404,
      'relisting_request_not_found',
    ]);
    expect((await t.request(`/relisting-requests/${request.id}`, { token: await staff() })).status).toBe(404);
    expect((await t.request(`/shops/${shopId}/relisting-status`, { token: await staff() })).status).toBe(404);
    await t.ctx.db.execute({
      sql: 'UPDATE shops SET district_code = ? WHERE id = ?',
      args: ['350102', shopId],
    });
    const rejected = await t.request(`/relisting-requests/${request.id}/decision`, {
      token: await staff(),
      json: { outcome: 'rejected', reasons: 'Licence number does not match the registry.' },
    });
    expect(rejected.status).toBe(200);
    expect(await rejected.json()).toMatchObject({ status: 'rejected', decision: { outcome: 'rejected' } });
    expect(await status(shopId)).toMatchObject({ relistable: false, reason: 'request_rejected' });
    const twice = await t.request(`/relisting-requests/${request.id}/decision`, {
      token: await staff(),
      json: { outcome: 'approved', reasons: 'changed my mind' },
    });
    expect(twice.status).toBe(409);
  });

  it('approves a new request: the shop becomes relistable and the platform is told by webhook', async () => {
    await t.request(`/platforms/${platform.id}`, {
      method: 'PATCH',
      token: await staff('admin@demo.local'),
      json: { webhookUrl: 'http://127.0.0.1:9/hooks' },
    });
    const created = (await (
      await platform.call('POST', `/platforms/${platform.id}/relisting-requests`, { shopId, review })
    ).json()) as {
      id: string;
    };
    const listed = (await (
      await t.request('/relisting-requests?status=pending', { token: await staff() })
    ).json()) as {
      items: Array<{ id: string }>;
    };
    expect(listed.items.map((r) => r.id)).toEqual([created.id]);
    const approved = await t.request(`/relisting-requests/${created.id}/decision`, {
      token: await staff(),
      json: { outcome: 'approved', reasons: 'Review complete and credible.' },
    });
    expect(approved.status).toBe(200);
    expect(await status(shopId)).toMatchObject({
      takenDown: false,
      relistable: true,
      reason: 'request_approved',
    });
    const message = (
      await t.ctx.db.execute({
        sql: `SELECT payload FROM webhook_outbox WHERE event_type = 'relisting.decided'`,
      })
    ).rows[0]!;
    expect(JSON.parse(String(message.payload))).toMatchObject({
      type: 'relisting.decided',
      data: { id: created.id, status: 'approved', decision: { outcome: 'approved' } },
    });
  });
});
