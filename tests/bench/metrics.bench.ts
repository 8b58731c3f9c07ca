import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PASSWORD, dropRollupTriggers, rollupBackfill, rollupTriggers } from '@ezhili/server';
import { isMain, measure, startBareHono, startBenchServer } from './harness.js';

/**
 * `getMetrics` at GROWTH_CASES cases (default 1,000,000) over three years, generated through the
 * schema: cases with their acknowledgement and closure, leads (0.3 per case) with platform
 * actions, take-downs, relisting decisions, cards, tips with reward claims and payouts. The
 * rollups are built by the migration's backfill (timed); the triggers' cost per write is
 * measured on top. Then, over HTTP, `getMetrics` for 30 days, a year, since launch and since
 * launch in one district, beside two baselines in the same run: a bare Hono JSON endpoint and
 * the date-range SQL alone (one `count(*)` over the period's cases on the same database, what
 * any scan-based answer costs at least). Target: ≤ 300 ms at p99 for every period.
 */
const DISTRICTS = '350102350103350104350105350111350112350121350122350123350124350125350128350181';
const LAUNCH = Date.parse('2024-01-01T00:00:00Z') / 1000;
const SPAN_S = 1064 * 86400;
const iso = (seconds: string) => `strftime('%Y-%m-%dT%H:%M:%SZ', ${seconds}, 'unixepoch')`;

function generation(cases: number): string[] {
  const leads = Math.round(cases * 0.3);
  const shops = Math.max(100, Math.round(cases / 50));
  const n = (count: number) =>
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${count})`;
  return [
    `INSERT INTO platforms (id, name, jwks, created_at, updated_at)
     SELECT 'plt_b' || value, 'Bench platform ' || value, '{"keys":[]}', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'
     FROM json_each('[0,1,2]')`,
    `INSERT INTO shops (id, platform_id, platform_shop_id, name, district_code, created_at, updated_at)
     ${n(shops)} SELECT printf('shp_b%07d', i), 'plt_b' || (i % 3), 'b' || i, 'Bench shop ' || i,
       substr('${DISTRICTS}', 1 + 6 * (i % 13), 6), '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z' FROM n`,
    // u: a per-case dice roll (0–999) deciding its fate; r: received, a: acknowledged, c: closed.
    `INSERT INTO cases (id, identity_code, source, description, category, district_code, shop_id, shop_platform_id,
       shop_district_code, received_at, state, classification, assigned_unit, assigned_district_code, outcome,
       acknowledge_by, feedback_by, acknowledged_at, feedback_given_at, closed_at, updated_at)
     ${n(cases)}, g AS MATERIALIZED (SELECT i, ${LAUNCH} + abs(random()) % ${SPAN_S} AS r, abs(random()) % 1000 AS u,
         1 + abs(random()) % ${shops} AS s FROM n),
       t AS MATERIALIZED (SELECT *, r + 600 + (u * 7919 % 200) * 1200 AS a, r + 3600 * (24 + u * 104729 % 700) AS c FROM g)
     SELECT printf('cas_b%09d', i), printf('B%09d', i), CASE WHEN i % 6 = 0 THEN 'platform_lead' ELSE 'tip' END,
       'bench', 'other', substr('${DISTRICTS}', 1 + 6 * (s % 13), 6), printf('shp_b%07d', s),
       CASE WHEN u % 5 = 0 THEN NULL ELSE 'plt_b' || (s % 3) END, substr('${DISTRICTS}', 1 + 6 * (s % 13), 6),
       ${iso('r')},
       CASE WHEN u < 985 THEN 'closed' WHEN u < 995 THEN 'investigating' ELSE 'received' END,
       CASE WHEN u < 100 OR u >= 995 THEN NULL ELSE 'general' END,
       CASE WHEN u < 100 OR u >= 995 THEN 'intake' ELSE 'district_bureau' END,
       CASE WHEN u < 100 OR u >= 995 THEN NULL ELSE substr('${DISTRICTS}', 1 + 6 * (s % 13), 6) END,
       CASE WHEN u < 100 THEN 'rejected' WHEN u < 985 THEN CASE WHEN u % 3 = 0 THEN 'violation_confirmed' ELSE 'not_confirmed' END END,
       ${iso('r + 86400')}, ${iso('r + 15 * 86400')},
       CASE WHEN u < 995 THEN ${iso('a')} END, CASE WHEN u < 985 THEN ${iso('c')} END,
       CASE WHEN u < 100 THEN ${iso('a')} WHEN u < 985 THEN ${iso('c')} END, ${iso('r')}
     FROM t`,
    `INSERT INTO leads (id, platform_id, shop_id, case_id, source, summary, status, created_at, created_by,
       acknowledge_due_at, action_due_at, acknowledged_at, action, action_at)
     ${n(leads)}, g AS MATERIALIZED (SELECT i, ${LAUNCH} + abs(random()) % ${SPAN_S} AS r, abs(random()) % 1000 AS u,
         1 + abs(random()) % ${shops} AS s FROM n)
     SELECT printf('led_b%09d', i), 'plt_b' || (s % 3), printf('shp_b%07d', s),
       CASE WHEN u < 800 THEN printf('cas_b%09d', 1 + i * 3 % ${cases}) END,
       CASE WHEN u < 800 THEN 'case' WHEN u < 950 THEN 'risk' ELSE 'shop' END, 'bench lead',
       CASE WHEN u < 900 THEN 'actioned' ELSE 'acknowledged' END, ${iso('r')}, 'staff:bench',
       ${iso('r + 86400')}, ${iso('r + 3 * 86400')}, ${iso('r + 600 + u * 97')},
       CASE WHEN u < 900 THEN json_object('action', CASE WHEN u < 540 THEN 'taken_down' ELSE 'warned' END) END,
       CASE WHEN u < 900 THEN ${iso('r + 1800 + u * 331')} END
     FROM g`,
    `INSERT INTO shop_takedowns (id, shop_id, platform_id, lead_id, taken_down_at, cleared_at)
     SELECT 'tkd' || substr(id, 4), shop_id, platform_id, id, action_at, action_at FROM leads
     WHERE id LIKE 'led_b%' AND json_extract(action, '$.action') = 'taken_down'`,
    `INSERT INTO relisting_requests (id, platform_id, shop_id, takedown_id, status, review, submitted_at, attestation,
       signed_body, decided_at)
     SELECT 'rlr' || substr(id, 4), platform_id, shop_id, id, CASE WHEN rowid % 4 = 0 THEN 'rejected' ELSE 'approved' END,
       '{}', taken_down_at, '{}', '{}', strftime('%Y-%m-%dT%H:%M:%SZ', taken_down_at, '+3 days')
     FROM shop_takedowns WHERE id LIKE 'tkd_b%' AND rowid % 2 = 0`,
    `INSERT INTO platform_cards (id, platform_id, color, reason, period, issued_at, issued_by)
     ${n(200)} SELECT 'crd_b' || i, 'plt_b' || (i % 3), CASE WHEN i % 5 = 0 THEN 'red' ELSE 'yellow' END, 'bench',
       'bench', ${iso(`${LAUNCH} + i * ${Math.floor(SPAN_S / 200)}`)}, 'staff:bench' FROM n`,
    `INSERT INTO tips (id, case_id, receipt_secret_hash, submitted_at)
     SELECT 'tip' || substr(id, 4), id, 'h', received_at FROM cases
     WHERE id LIKE 'cas_b%' AND source = 'tip' AND outcome = 'violation_confirmed' AND rowid % 3 = 0`,
    `INSERT INTO reward_claims (id, case_id, tip_id, identity_code, profile_id, rules, basis_fen, state, notice_at,
       claim_deadline, claimed_at, determination_due_at, determined_at, amount_fen, updated_at)
     SELECT 'rcl' || substr(c.id, 4), c.id, t.id, c.identity_code, 'fuzhou', '{}', 100000, 'approved', c.closed_at,
       c.closed_at, strftime('%Y-%m-%dT%H:%M:%SZ', c.closed_at, '+2 days'), c.closed_at,
       strftime('%Y-%m-%dT%H:%M:%SZ', c.closed_at, '+9 days'), 5000, c.closed_at
     FROM tips t JOIN cases c ON c.id = t.case_id WHERE t.id LIKE 'tip_b%'`,
    `INSERT INTO payouts (id, claim_id, idempotency_key, payee_ref, amount_fen, state, adapter, created_at, updated_at, paid_at)
     SELECT 'pay' || substr(id, 4), id, 'idem' || id, 'ref', 5000 + rowid % 100 * 100,
       CASE WHEN rowid % 10 = 0 THEN 'failed' ELSE 'paid' END, 'file', determined_at, determined_at,
       CASE WHEN rowid % 10 = 0 THEN NULL ELSE determined_at END
     FROM reward_claims WHERE id LIKE 'rcl_b%'`,
  ];
}

const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

export async function benchMetrics(): Promise<void> {
  const cases = Number(process.env.GROWTH_CASES ?? 1_000_000);
  const server = await startBenchServer();
  const { db } = server.ctx;
  try {
    let t0 = performance.now();
    // Generated inside SQLite; the rollups are then built the way the migration builds them.
    await db.batch(dropRollupTriggers(), 'write');
    for (const statement of generation(cases)) await db.execute(statement);
    console.log(
      `generated ${cases.toLocaleString('en')} cases (and leads, take-downs, claims…) in ${seconds(t0)} s`,
    );
    t0 = performance.now();
    await db.batch([...rollupTriggers(), ...rollupBackfill()], 'write');
    console.log(`backfilled the rollups in ${seconds(t0)} s`);
    const counts = async (sql: string) => Number((await db.execute(sql)).rows[0]!.n);
    const rows = {
      cases: await counts('SELECT count(*) AS n FROM cases'),
      leads: await counts('SELECT count(*) AS n FROM leads'),
      counts: await counts('SELECT count(*) AS n FROM metrics_counts'),
      durations: await counts('SELECT count(*) AS n FROM metrics_durations'),
    };
    await db.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    const file = join(server.ctx.config.dataDir, 'ezhili.db');
    const bytes = statSync(file).size;
    console.log(
      `rows: ${rows.cases.toLocaleString('en')} cases, ${rows.leads.toLocaleString('en')} leads; rollups ${rows.counts.toLocaleString('en')} count rows, ${rows.durations.toLocaleString('en')} histogram rows; database ${(bytes / 1e6).toFixed(0)} MB (${(bytes / rows.cases / 1024).toFixed(2)} KB per case)`,
    );

    // What the triggers add to a write: the same UPDATEs of cases with and without them.
    const sample = Math.min(2000, cases);
    const touch = (mark: string) =>
      db.execute(
        `UPDATE cases SET acknowledged_at = strftime('%Y-%m-%dT%H:%M:%SZ', received_at, '${mark}')
         WHERE rowid IN (SELECT rowid FROM cases WHERE id LIKE 'cas_b%' LIMIT ${sample})`,
      );
    t0 = performance.now();
    await touch('+2 hours');
    const withTriggers = (performance.now() - t0) / sample;
    await db.batch(dropRollupTriggers(), 'write');
    t0 = performance.now();
    await touch('+3 hours');
    const without = (performance.now() - t0) / sample;
    await db.batch([...rollupTriggers(), ...rollupBackfill()], 'write');
    console.log(
      `a case update: ${(withTriggers * 1000).toFixed(0)} µs with the rollup triggers, ${(without * 1000).toFixed(0)} µs without`,
    );

    const login = await fetch(`${server.url}/staff/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'auditor1@demo.local', password: DEMO_PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const bare = await startBareHono((app) => {
      app.get('/json', (c) => c.json({ ok: true }));
      app.get('/range', async (c) => {
        const row = (
          await db.execute({
            sql: 'SELECT count(*) AS n FROM cases WHERE received_at >= ? AND received_at < ?',
            args: [c.req.query('from') ?? '', c.req.query('to') ?? ''],
          })
        ).rows[0];
        return c.json({ n: Number(row?.n ?? 0) });
      });
    });
    const today = new Date().toISOString().slice(0, 10);
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    const periods: Array<[string, string, string]> = [
      ['30 days', `from=${ago(29)}&to=${today}`, `from=${ago(29)}&to=${today}`],
      ['1 year', `from=${ago(364)}&to=${today}`, `from=${ago(364)}&to=${today}`],
      ['since launch', 'since=launch', `from=2024-01-01&to=${today}`],
      ['since launch, one district', 'since=launch&districtCode=350102', `from=2024-01-01&to=${today}`],
    ];
    const opts = { connections: 1, durationSeconds: Number(process.env.BENCH_SECONDS ?? 5) };
    const json = await measure('bare Hono JSON', { url: `${bare.url}/json`, ...opts });
    console.log(`\ngetMetrics at ${rows.cases.toLocaleString('en')} cases (1 connection; p50 / p99 ms)`);
    console.log(`  ${'bare Hono JSON'.padEnd(34)} ${json.latencyP50Ms} / ${json.latencyP99Ms}`);
    for (const [label, query, range] of periods) {
      const response = await fetch(`${server.url}/metrics?${query}`, { headers });
      if (response.status !== 200) throw new Error(`getMetrics ${query}: ${response.status}`);
      const sql = await measure('range SQL', { url: `${bare.url}/range?${range}`, ...opts });
      const got = await measure(label, { url: `${server.url}/metrics?${query}`, headers, ...opts });
      console.log(
        `  ${`getMetrics ${label}`.padEnd(34)} ${got.latencyP50Ms} / ${got.latencyP99Ms}   (date-range SQL alone ${sql.latencyP50Ms} / ${sql.latencyP99Ms})${got.errors + got.non2xx ? '  ERRORS' : ''}`,
      );
    }
    await bare.close();
  } finally {
    await server.close();
  }
}

if (isMain(import.meta)) await benchMetrics();
