import type { Schema } from '@ezhili/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../config/env-reader.js';
import { insertTestShop, registerTestPlatform, type TestPlatform } from '../testing/platform-test-kit.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { readCardRules } from './card-rules.js';
import { quarterOf } from './scorecard-period.js';

describe('platform scorecards and cards', () => {
  let t: TestApp;
  let platform: TestPlatform;

  const lead = async () => {
    const shop = await insertTestShop(t.ctx, platform.id);
    const response = await t.request('/leads', {
      token: await t.login('intake@demo.local'),
      json: { source: 'shop', shopId: shop.id, summary: 'x' },
    });
    return ((await response.json()) as { id: string }).id;
  };
  const act = (leadId: string, at: Date) =>
    platform.call('POST', `/platforms/${platform.id}/leads/${leadId}/action`, {
      action: 'taken_down',
      at: at.toISOString(),
    });

  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-02-02T08:00:00Z' });
    platform = await registerTestPlatform(t, await t.login('admin@demo.local'), {
      webhookUrl: 'http://127.0.0.1:9/hooks',
    });
  });
  afterAll(() => t.close());

  it('counts leads, timeliness and time to action, and proposes a yellow card under 95% in time', async () => {
    const quick = await lead();
    await platform.call('POST', `/platforms/${platform.id}/leads/${quick}/acknowledgement`, {});
    t.clock.advance(3600_000);
    expect((await act(quick, t.clock.now())).status).toBe(201);
    const slow = await lead();
    t.clock.advance(30 * 3600_000);
    expect((await act(slow, t.clock.now())).status).toBe(201);
    await lead();

    const response = await t.request(`/platforms/${platform.id}/scorecard?period=2026-Q1`, {
      token: await t.login('detachment@demo.local'),
    });
    expect(response.status).toBe(200);
    const card = (await response.json()) as Schema<'PlatformScorecard'>;
    expect(card).toMatchObject({
      period: '2026-Q1',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      leadsReceived: 3,
      acknowledged: 2,
      acknowledgedInTime: 1,
      takeDowns: 2,
      takeDownsInTime: 1,
      takeDownInTimeRate: 0.5,
      medianLeadToActionSeconds: (3600 + 30 * 3600) / 2,
    });
    expect(card.proposedCards.map((c: { ruleId: string }) => c.ruleId)).toEqual([
      'takedown-timeliness',
      'acknowledgement-timeliness',
    ]);
    // The platform sees its own scorecard; another month is empty.
    const own = await platform.call('GET', `/platforms/${platform.id}/scorecard?period=2026-03`);
    expect(await own.json()).toMatchObject({ leadsReceived: 0, takeDownInTimeRate: null, proposedCards: [] });
  });

  it('issues cards (notifying the platform) and proposes red after two yellows in a quarter', async () => {
    const staff = await t.login('detachment@demo.local');
    const issue = (json: unknown) => t.request(`/platforms/${platform.id}/cards`, { token: staff, json });
    expect(
      (
        await t.request(`/platforms/${platform.id}/cards`, {
          token: await t.login('intake@demo.local'),
          json: { color: 'yellow', reason: 'x' },
        })
      ).status,
    ).toBe(403);
    const first = await issue({
      color: 'yellow',
      reason: 'Late take-downs',
      period: '2026-Q1',
      ruleId: 'takedown-timeliness',
    });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({
      color: 'yellow',
      period: '2026-Q1',
      ruleId: 'takedown-timeliness',
    });
    await issue({
      color: 'yellow',
      reason: 'Late acknowledgements',
      period: '2026-Q1',
      ruleId: 'acknowledgement-timeliness',
    });
    const scorecard = (await (
      await t.request(`/platforms/${platform.id}/scorecard?period=2026-Q1`, { token: staff })
    ).json()) as Schema<'PlatformScorecard'>;
    expect(scorecard.cards).toEqual({ yellow: 2, red: 0 });
    expect(scorecard.proposedCards).toEqual([
      { color: 'red', ruleId: 'repeated-yellow', reason: expect.any(String) },
    ]);
    const payloads = (
      await t.ctx.db.execute(
        `SELECT payload FROM webhook_outbox WHERE event_type = 'card.issued' ORDER BY rowid`,
      )
    ).rows.map((row) => JSON.parse(String(row.payload)));
    expect(payloads).toHaveLength(2);
    expect(payloads[0]).toMatchObject({
      type: 'card.issued',
      data: { color: 'yellow', platformId: platform.id },
    });
    const listed = (await (await platform.call('GET', `/platforms/${platform.id}/cards?limit=1`)).json()) as {
      items: Array<Schema<'PlatformCard'>>;
      nextCursor: string | null;
    };
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]?.reason).toBe('Late acknowledgements');
    const next = (await (
      await platform.call('GET', `/platforms/${platform.id}/cards?limit=1&cursor=${listed.nextCursor}`)
    ).json()) as { items: Array<Schema<'PlatformCard'>>; nextCursor: string | null };
    expect(next.items[0]?.reason).toBe('Late take-downs');
    expect(next.nextCursor).toBeNull();
  });

  it('adds per-platform figures to getMetrics', async () => {
    const response = await t.request('/metrics?from=2026-02-01&to=2026-02-28', {
      token: await t.login('auditor1@demo.local'),
    });
    expect(response.status).toBe(200);
    const metrics = (await response.json()) as Schema<'Metrics'>;
    const section = metrics.sections.platforms as { byPlatform: unknown[] };
    expect(section).toMatchObject({ leadsDispatched: 3, takeDowns: 2, yellowCards: 2 });
    expect(section.byPlatform).toContainEqual(
      expect.objectContaining({
        platformId: platform.id,
        leadsDispatched: 3,
        takeDownsInTime: 1,
        // getMetrics takes nearest-rank medians (of 1 h and 30 h: 1 h); the scorecard averages.
        medianLeadToActionHours: 1,
        yellowCards: 2,
        redCards: 0,
      }),
    );
    const day = metrics.perDay.find((d: { date: string }) => d.date === '2026-02-02');
    expect(day).toMatchObject({ leadsDispatched: 2, shopsTakenDown: 1 });
  });

  it('reads card rules from configuration and refuses bad ones', () => {
    expect(readCardRules({}).map((rule) => rule.id)).toContain('repeated-yellow');
    const custom = readCardRules({
      PLATFORM_CARD_RULES: JSON.stringify([
        {
          id: 'strict',
          color: 'yellow',
          kind: 'rate_below',
          metric: 'takeDownInTimeRate',
          threshold: 0.99,
          minSample: 10,
          reason: 'r',
        },
      ]),
    });
    expect(custom).toHaveLength(1);
    expect(() =>
      readCardRules({ PLATFORM_CARD_RULES: '[{"id":"x","color":"green","kind":"rate_below"}]' }),
    ).toThrow(ConfigError);
    expect(quarterOf(new Date('2026-11-27T00:00:00Z')).label).toBe('2026-Q4');
  });
});
