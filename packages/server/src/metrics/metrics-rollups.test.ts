import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../db/database.js';
import { keyOf, nearestRank, type RawFact, recomputeFacts } from '../testing/metrics-recompute.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { durationCode, durationCodeSql } from './duration-code.js';
import {
  figuresOf,
  legacySections,
  platformFiguresOf,
  type ScopeDurations,
  sourceFigures,
} from './metrics-figures.js';
import { NO_NOW_FIGURES, readNowFigures, readOverdueDeterminations, sumNowFigures } from './metrics-now.js';
import { bucketsOf, readCounts, readPercentiles, readSeries } from './rollup-reader.js';
import { ROLLUP_SCOPE_KINDS, rollupBackfill } from './rollup-sql.js';

const HOUR = 3_600_000;
const DISTRICTS = ['350102', '350103', '350104', '350111'];
const PLATFORMS = ['plt_rollup_a', 'plt_rollup_b', 'plt_rollup_c'];
const START = Date.parse('2025-01-01T00:00:00Z');
const SPAN_MS = 700 * 24 * HOUR;

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A varied history written straight into the tables (the schema, not the services): cases that
 * are acknowledged, closed, reopened and moved between districts; leads acknowledged and acted
 * on (one action time with a +08:00 offset), take-downs, relisting decisions, cards, claims and
 * payouts. Every change is an UPDATE, so the triggers count rows out and in.
 */
async function writeHistory(db: Executor, random: () => number) {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const at = (ms: number) => new Date(ms).toISOString();
  const run = (sql: string, args: Array<string | number | null>) => db.execute({ sql, args });
  for (const id of PLATFORMS) {
    await run(
      `INSERT INTO platforms (id, name, jwks, created_at, updated_at) VALUES (?, ?, '{"keys":[]}', ?, ?)`,
      [id, `Platform ${id.slice(-1)}`, at(START), at(START)],
    );
  }
  const shops: Array<{ id: string; platform: string; district: string }> = [];
  for (let i = 0; i < 30; i++) {
    const shop = { id: `shp_rollup_${i}`, platform: pick(PLATFORMS), district: pick(DISTRICTS) };
    shops.push(shop);
    await run(
      `INSERT INTO shops (id, platform_id, platform_shop_id, name, district_code, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [shop.id, shop.platform, `ps${i}`, `Shop ${i}`, shop.district, at(START), at(START)],
    );
  }
  const caseIds: Array<{
    id: string;
    received: number;
    tip: boolean;
    confirmed: boolean;
    closedAt: number | null;
  }> = [];
  for (let i = 0; i < 260; i++) {
    const id = `cas_rollup_${i}`;
    const shop = pick(shops);
    const received = START + Math.floor(random() * SPAN_MS);
    const tip = random() < 0.75;
    await run(
      `INSERT INTO cases (id, identity_code, source, description, category, district_code, shop_id, shop_platform_id,
         shop_district_code, received_at, state, assigned_unit, acknowledge_by, feedback_by, updated_at)
       VALUES (?, ?, ?, 'x', 'other', ?, ?, ?, ?, ?, 'received', 'intake', ?, ?, ?)`,
      [
        id,
        `RC-${i}`,
        tip ? 'tip' : 'platform_lead',
        shop.district,
        shop.id,
        random() < 0.8 ? shop.platform : null,
        shop.district,
        at(received),
        at(received + 24 * HOUR),
        at(received + 15 * 24 * HOUR),
        at(received),
      ],
    );
    let closedAt: number | null = null;
    let confirmed = false;
    if (random() < 0.85) {
      const ack = received + Math.floor(random() * 60 * HOUR);
      const rejected = random() < 0.15;
      if (rejected) {
        closedAt = ack;
        await run(
          `UPDATE cases SET state = 'closed', outcome = 'rejected', acknowledged_at = ?, closed_at = ? WHERE id = ?`,
          [at(ack), at(ack), id],
        );
      } else {
        await run(
          `UPDATE cases SET state = 'triaged', classification = 'general', acknowledged_at = ? WHERE id = ?`,
          [at(ack), id],
        );
        if (random() < 0.8) {
          closedAt = ack + Math.floor(random() * 900 * HOUR);
          confirmed = random() < 0.6;
          await run(`UPDATE cases SET state = 'closed', outcome = ?, closed_at = ? WHERE id = ?`, [
            confirmed ? 'violation_confirmed' : 'not_confirmed',
            at(closedAt),
            id,
          ]);
          if (random() < 0.05) {
            // Reopened, then closed again later: the first closure must be counted out.
            await run(
              `UPDATE cases SET state = 'investigating', outcome = NULL, closed_at = NULL WHERE id = ?`,
              [id],
            );
            closedAt = closedAt + 50 * HOUR;
            await run(`UPDATE cases SET state = 'closed', outcome = ?, closed_at = ? WHERE id = ?`, [
              confirmed ? 'violation_confirmed' : 'not_confirmed',
              at(closedAt),
              id,
            ]);
          }
        }
      }
    }
    if (random() < 0.03) {
      await run('UPDATE cases SET shop_district_code = ? WHERE id = ?', [pick(DISTRICTS), id]);
    }
    caseIds.push({ id, received, tip, confirmed, closedAt });
  }
  for (let i = 0; i < 160; i++) {
    const id = `led_rollup_${i}`;
    const shop = pick(shops);
    const created = START + Math.floor(random() * SPAN_MS);
    const source = pick(['case', 'case', 'shop', 'risk'] as const);
    await run(
      `INSERT INTO leads (id, platform_id, shop_id, case_id, source, summary, status, created_at, created_by,
         acknowledge_due_at, action_due_at) VALUES (?, ?, ?, ?, ?, 's', 'open', ?, 'staff:x', ?, ?)`,
      [
        id,
        shop.platform,
        shop.id,
        source === 'case' ? pick(caseIds).id : null,
        source,
        at(created),
        at(created + 24 * HOUR),
        at(created + 72 * HOUR),
      ],
    );
    if (random() < 0.8) {
      await run(`UPDATE leads SET status = 'acknowledged', acknowledged_at = ? WHERE id = ?`, [
        at(created + Math.floor(random() * 40 * HOUR)),
        id,
      ]);
      if (random() < 0.8) {
        const actionMs = created + Math.floor(random() * 120 * HOUR);
        const kind = random() < 0.6 ? 'taken_down' : 'warned';
        // One platform reports its local time (+08:00): the day and duration are still UTC.
        const actionAt =
          i % 17 === 0 ? new Date(actionMs + 8 * HOUR).toISOString().replace('Z', '+08:00') : at(actionMs);
        await run(`UPDATE leads SET status = 'actioned', action = ?, action_at = ? WHERE id = ?`, [
          JSON.stringify({ action: kind }),
          actionAt,
          id,
        ]);
        if (kind === 'taken_down') {
          await run(
            `INSERT INTO shop_takedowns (id, shop_id, platform_id, lead_id, taken_down_at, cleared_at)
             VALUES (?, ?, ?, ?, ?, ?)`,
            [`tkd_rollup_${i}`, shop.id, shop.platform, id, at(actionMs), at(actionMs + 200 * HOUR)],
          );
          if (random() < 0.6) {
            await run(
              `INSERT INTO relisting_requests (id, platform_id, shop_id, takedown_id, status, review, submitted_at,
                 attestation, signed_body) VALUES (?, ?, ?, ?, 'pending', '{}', ?, '{}', '{}')`,
              [`rlr_rollup_${i}`, shop.platform, shop.id, `tkd_rollup_${i}`, at(actionMs + 48 * HOUR)],
            );
            await run('UPDATE relisting_requests SET status = ?, decided_at = ? WHERE id = ?', [
              random() < 0.7 ? 'approved' : 'rejected',
              at(actionMs + 100 * HOUR),
              `rlr_rollup_${i}`,
            ]);
          }
        }
      }
    }
  }
  for (let i = 0; i < 25; i++) {
    await run(
      `INSERT INTO platform_cards (id, platform_id, color, reason, period, issued_at, issued_by)
       VALUES (?, ?, ?, 'r', '2025-Q1', ?, 'staff:x')`,
      [`crd_rollup_${i}`, pick(PLATFORMS), random() < 0.7 ? 'yellow' : 'red', at(START + random() * SPAN_MS)],
    );
  }
  let claimNo = 0;
  for (const c of caseIds.filter((x) => x.tip && x.confirmed && x.closedAt !== null)) {
    const claimId = `rcl_rollup_${claimNo++}`;
    const claimed = c.closedAt! + Math.floor(random() * 100 * HOUR);
    await run(`INSERT INTO tips (id, case_id, receipt_secret_hash, submitted_at) VALUES (?, ?, 'h', ?)`, [
      `tip_rollup_${claimNo}`,
      c.id,
      at(c.received),
    ]);
    await run(
      `INSERT INTO reward_claims (id, case_id, tip_id, identity_code, profile_id, rules, basis_fen, state, notice_at,
         claim_deadline, claimed_at, determination_due_at, updated_at)
       VALUES (?, ?, ?, 'RC', 'fuzhou', '{}', 100000, 'claimed', ?, ?, ?, ?, ?)`,
      [
        claimId,
        c.id,
        `tip_rollup_${claimNo}`,
        at(claimed),
        at(claimed),
        at(claimed),
        at(claimed + 240 * HOUR),
        at(claimed),
      ],
    );
    if (random() < 0.7) {
      const determined = claimed + Math.floor(random() * 200 * HOUR);
      await run(
        `UPDATE reward_claims SET state = 'approved', determined_at = ?, amount_fen = ? WHERE id = ?`,
        [at(determined), 5000, claimId],
      );
      const failed = random() < 0.2;
      await run(
        `INSERT INTO payouts (id, claim_id, idempotency_key, payee_ref, amount_fen, state, adapter, created_at, updated_at)
         VALUES (?, ?, ?, 'ref', ?, 'pending', 'file', ?, ?)`,
        [
          `pay_rollup_${claimNo}`,
          claimId,
          `idem_${claimNo}`,
          1000 + Math.floor(random() * 90000),
          at(determined),
          at(determined),
        ],
      );
      await run(`UPDATE payouts SET state = ?, paid_at = ?, updated_at = ? WHERE id = ?`, [
        failed ? 'failed' : 'paid',
        failed ? null : at(determined + 3 * HOUR),
        at(determined + 3 * HOUR),
        `pay_rollup_${claimNo}`,
      ]);
    }
  }
}

/** What the rollups must answer for `[from, to]` and one scope kind: counts and histograms per key. */
function expected(facts: RawFact[], from: string, to: string, kind: string, keyPrefix = '') {
  const counts = new Map<string, Map<string, number>>();
  const durations = new Map<string, Map<string, number[]>>();
  for (const fact of facts) {
    if (fact.day < from || fact.day > to) continue;
    const key = keyOf(fact, kind);
    if (key === null || !key.startsWith(keyPrefix)) continue;
    if (fact.ms !== undefined) {
      const byMetric = durations.get(key) ?? new Map<string, number[]>();
      byMetric.set(fact.metric, [...(byMetric.get(fact.metric) ?? []), fact.ms]);
      durations.set(key, byMetric);
    } else {
      const byMetric = counts.get(key) ?? new Map<string, number>();
      byMetric.set(fact.metric, (byMetric.get(fact.metric) ?? 0) + fact.value);
      counts.set(key, byMetric);
    }
  }
  return { counts, durations };
}

const nonZero = (counts: Map<string, Map<string, number>>) =>
  Object.fromEntries(
    [...counts]
      .map(
        ([key, metrics]) =>
          [key, Object.fromEntries([...metrics].filter(([, n]) => n !== 0).sort())] as const,
      )
      .filter(([, metrics]) => Object.keys(metrics).length > 0)
      .sort(([a], [b]) => a.localeCompare(b)),
  );

const percentilesOf = (values: number[] | undefined) => ({
  median: values?.length ? durationCode(nearestRank(values, 50)!) / 10 : null,
  p90: values?.length ? durationCode(nearestRank(values, 90)!) / 10 : null,
});

describe('metrics rollups', () => {
  let t: TestApp;
  let facts: RawFact[];
  const random = prng(20261203);
  const randomPeriod = () => {
    const a = new Date(START - 40 * 24 * HOUR + random() * (SPAN_MS + 80 * 24 * HOUR))
      .toISOString()
      .slice(0, 10);
    const b = new Date(Date.parse(a) + random() * random() * (SPAN_MS + 40 * 24 * HOUR))
      .toISOString()
      .slice(0, 10);
    return [a, b] as const;
  };
  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-12-20T09:00:00Z' });
    await writeHistory(t.ctx.db, random);
    facts = await recomputeFacts(t.ctx.db);
  }, 120_000);
  afterAll(() => t.close());

  it('counts every fact of a varied history as a full recomputation does, for random periods and scopes', async () => {
    const periods: Array<readonly [string, string]> = [
      ['2024-12-01', '2026-12-31'],
      ['2025-03-01', '2025-03-31'],
    ];
    for (let i = 0; i < 14; i++) periods.push(randomPeriod());
    for (const [from, to] of periods) {
      for (const kind of ROLLUP_SCOPE_KINDS) {
        const keyPrefix =
          kind === 'ds' || kind === 'dp' ? `${DISTRICTS[Math.floor(random() * 4)]}|` : undefined;
        const want = expected(facts, from, to, kind, keyPrefix);
        const got = await readCounts(t.ctx.db, bucketsOf(from, to), { kind, keyPrefix });
        expect(nonZero(got), `${kind} ${from}..${to}`).toEqual(nonZero(want.counts));
        for (const metric of ['ackTime', 'closeTime', 'leadToAction'] as const) {
          const percentiles = await readPercentiles(
            t.ctx.db,
            bucketsOf(from, to),
            { kind, keyPrefix },
            metric,
          );
          const keys = new Set([...percentiles.keys(), ...want.durations.keys()]);
          for (const key of keys) {
            const wanted = want.durations.get(key)?.get(metric);
            const gotten = percentiles.get(key) ?? { median: null, p90: null };
            expect(gotten, `${metric} ${kind}:${key} ${from}..${to}`).toEqual(percentilesOf(wanted));
          }
        }
      }
    }
    // The history really is varied: every metric occurs, across many months.
    expect(new Set(facts.map((fact) => fact.metric)).size).toBe(24);
    expect(new Set(facts.map((fact) => fact.day.slice(0, 7))).size).toBeGreaterThan(20);
  });

  it('gives daily and monthly series that add up to the recomputed counts', async () => {
    for (let i = 0; i < 5; i++) {
      const [from, to] = randomPeriod();
      const district = DISTRICTS[i % 4]!;
      for (const grain of ['day', 'month'] as const) {
        const series = await readSeries(t.ctx.db, from, to, { kind: 'd', key: district }, grain);
        const want = new Map<string, Map<string, number>>();
        for (const fact of facts) {
          if (fact.day < from || fact.day > to || fact.district !== district || fact.ms !== undefined)
            continue;
          const bucket = grain === 'day' ? fact.day : fact.day.slice(0, 7);
          const metrics = want.get(bucket) ?? new Map<string, number>();
          metrics.set(fact.metric, (metrics.get(fact.metric) ?? 0) + fact.value);
          want.set(bucket, metrics);
        }
        expect(nonZero(series)).toEqual(nonZero(want));
      }
    }
  });

  it('answers getMetrics as the recomputed figures assemble, overall and for a district', async () => {
    const token = await t.login('auditor1@demo.local');
    const now = t.clock.now();
    const nowByDistrict = await readNowFigures(t.ctx.db, now);
    const platforms = (await t.ctx.db.execute('SELECT id, name FROM platforms ORDER BY name, id')).rows.map(
      (row) => ({
        id: String(row.id),
        name: String(row.name),
      }),
    );
    for (const [from, to, district] of [
      ['2025-01-01', '2026-12-20', undefined],
      [...randomPeriod(), undefined],
      [...randomPeriod(), '350104'],
    ] as Array<[string, string, string | undefined]>) {
      const query = `/metrics?from=${from}&to=${to}${district ? `&districtCode=${district}` : ''}`;
      const response = await t.request(query, { token });
      expect(response.status).toBe(200);
      const got = (await response.json()) as Record<string, unknown> & { overall: Record<string, unknown> };
      const top = district ? expected(facts, from, to, 'd', district) : expected(facts, from, to, '');
      const topKey = district ?? '';
      const durationsOf = (scope: ReturnType<typeof expected>, key: string): ScopeDurations => ({
        ack: percentilesOf(scope.durations.get(key)?.get('ackTime')),
        close: percentilesOf(scope.durations.get(key)?.get('closeTime')),
        leadToAction: percentilesOf(scope.durations.get(key)?.get('leadToAction')),
      });
      const overallNow = district
        ? (nowByDistrict.get(district) ?? NO_NOW_FIGURES)
        : sumNowFigures(nowByDistrict.values());
      expect(got.overall).toMatchObject(
        figuresOf(top.counts.get(topKey), durationsOf(top, topKey), overallNow),
      );
      const bySource = expected(facts, from, to, district ? 'ds' : 's', district ? `${district}|` : '');
      const sourceKey = (source: string) => (district ? `${district}|${source}` : source);
      expect(got.bySource).toEqual(
        (['reporter', 'platform', 'risk', 'regulator'] as const).map((source) =>
          sourceFigures(
            source,
            bySource.counts.get(sourceKey(source)),
            durationsOf(bySource, sourceKey(source)),
          ),
        ),
      );
      const byPlatform = expected(facts, from, to, district ? 'dp' : 'p', district ? `${district}|` : '');
      const platformKey = (id: string) => (district ? `${district}|${id}` : id);
      const platformFigures = platforms.map((platform) =>
        platformFiguresOf(
          platform,
          byPlatform.counts.get(platformKey(platform.id)),
          durationsOf(byPlatform, platformKey(platform.id)).leadToAction,
        ),
      );
      expect(got.byPlatform).toEqual(platformFigures);
      const unprefixed = new Map(
        platforms.map((platform) => [
          platform.id,
          byPlatform.counts.get(platformKey(platform.id)) ?? new Map(),
        ]),
      );
      expect(got.sections).toEqual(
        legacySections(
          top.counts.get(topKey),
          platformFigures,
          unprefixed,
          await readOverdueDeterminations(t.ctx.db, now, district),
        ),
      );
    }
  });

  it('backfills exactly what the triggers kept', async () => {
    const snapshot = async () =>
      JSON.stringify([
        (await t.ctx.db.execute('SELECT * FROM metrics_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5')).rows,
        (await t.ctx.db.execute('SELECT * FROM metrics_durations WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6'))
          .rows,
      ]);
    const kept = await snapshot();
    await t.ctx.db.batch(rollupBackfill(), 'write');
    expect(await snapshot()).toBe(kept);
  });

  it('computes the duration buckets in SQL exactly as in TypeScript', async () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    const durations = [
      0, 179_999, 180_000, 35_999_999, 36_000_000, 359_999_999, 3_600_000_000, 9_000_000_000,
    ];
    for (let i = 0; i < 300; i++) durations.push(Math.floor(random() ** 3 * 5_000 * HOUR));
    for (const d of durations) {
      const start = new Date(base).toISOString();
      const end = new Date(base + d).toISOString();
      const row = (
        await t.ctx.db.execute({ sql: `SELECT ${durationCodeSql('?1', '?2')} AS code`, args: [start, end] })
      ).rows[0]!;
      expect(Number(row.code), `${d} ms`).toBe(durationCode(d));
    }
  });
});
