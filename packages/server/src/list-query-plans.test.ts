import { openapiDocument } from '@ezhili/contract';
import type { InStatement } from '@libsql/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testing/test-app.js';
import { submitTriagedTip } from './testing/triaged-tip.js';

/**
 * Lists stay flat as the years pile up (issue 18): every list operation of the contract, called
 * by every staff role with every combination of its query filters (and a cursor), must run only
 * statements whose query plans walk an index to the page they return: no `USE TEMP B-TREE` (a
 * sort of everything that matched) and no `SCAN` of a table that grows with the cases (an ordered
 * index walk is allowed only when no filter could make it run long).
 *
 * Data-driven from the contract: a new list operation, or a new filter of an existing one, is
 * covered without editing this test; one whose parameters this test cannot fill, or that no
 * role can call, fails until it is taught here (SAMPLE_VALUES, PATH_VALUES, NOT_STAFF_LISTS).
 */

/** Tables that do not grow with cases, tips or time: reference data and small configuration. */
const SMALL_TABLES = new Set([
  'districts',
  'platforms',
  'partners',
  'partner_origins',
  'staff_users',
  'risk_models',
  'risk_runs',
  'risk_backtests',
  'audit_kinds',
  'audit_head',
  // One counter per partner, entry point and month: grows with partners and months, not with tips.
  'referral_counts',
  'schema_migrations',
  'sqlite_master',
]);

/** Values for query parameters that the schema alone does not determine. */
const SAMPLE_VALUES: Record<string, (t: TestApp) => Promise<string>> = {
  subjectType: async () => 'case',
  subjectId: async (t) => String((await t.ctx.db.execute('SELECT id FROM cases LIMIT 1')).rows[0]!.id),
  action: async () => 'case.read',
  platform: async () => 'plt_demo',
  platformId: async () => 'plt_demo',
  district: async () => '350102',
  category: async () => 'unhygienic_kitchen',
  q: async () => 'kitchen',
  // `none` seeks `assigned_officer_id IS NULL`, an id or `me` `= ?`: the same index seek.
  officer: async () => 'none',
  from: async () => '2026-01',
  to: async () => '2026-12',
  runId: async (t) =>
    String(
      (
        await t.ctx.db.execute(
          "SELECT id FROM risk_runs WHERE status = 'completed' ORDER BY seq DESC LIMIT 1",
        )
      ).rows[0]?.id ?? 'none',
    ),
};

/** Values for path parameters of list operations. */
const PATH_VALUES: Record<string, string> = { platformId: 'plt_demo', partnerId: 'demo' };

/** List operations no staff member calls, and why their lists stay small. */
const NOT_STAFF_LISTS: Record<string, string> = {
  listTipMessages: "a reporter's own case's messages: bounded by one case",
  listDistricts: 'public reference data: the districts of one deployment',
  searchShops:
    "the widget's public shop picker: a substring search over shop names, which no index serves; " +
    'it scans the shops (not the cases) and returns at most 50 (docs/scaling.md § Lists)',
};

/** Query parameters that page or order rather than filter. */
const PAGING = new Set(['limit', 'cursor', 'beforeSeq', 'sort']);

/**
 * Filters a list checks on the rows of a bounded window of its index walk instead of seeking
 * (the cursor resumes where the window ended: docs/scaling.md § Lists), and why no index serves
 * them. The walk they ride on is still checked, as if they were not given.
 */
const WINDOWED_FILTERS: Record<string, Record<string, string>> = {
  listCases: {
    category: 'one of a handful of values on every case: an index per combination would not pay',
    q: 'a substring of free text (Chinese has no word breaks): checked on each row of the window',
  },
};

const STAFF = [
  'intake@demo.local',
  'district@demo.local',
  'detachment@demo.local',
  'committee@demo.local',
  'finance@demo.local',
  'auditor1@demo.local',
  'admin@demo.local',
];

type JsonObject = Record<string, unknown>;
const document = openapiDocument as unknown as JsonObject;

function resolve(node: unknown): JsonObject {
  let value = node as JsonObject;
  while (value && typeof value.$ref === 'string') {
    value = (value.$ref as string)
      .slice(2)
      .split('/')
      .reduce<unknown>((at, key) => (at as JsonObject)[key], document) as JsonObject;
  }
  return value;
}

interface ListOperation {
  operationId: string;
  path: string;
  pathParams: string[];
  query: Array<{ name: string; schema: JsonObject }>;
  staff: boolean;
}

/** Every GET whose success body has an `items` array. */
function listOperations(): ListOperation[] {
  const found: ListOperation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, JsonObject>)) {
    const get = item.get as JsonObject | undefined;
    if (!get) continue;
    const ok = resolve((get.responses as JsonObject)['200']);
    const schema = ok?.content
      ? resolve(((ok.content as JsonObject)['application/json'] as JsonObject | undefined)?.schema)
      : undefined;
    const items = schema?.properties ? resolve((schema.properties as JsonObject).items) : undefined;
    if (items?.type !== 'array') continue;
    const parameters = [
      ...((item.parameters as unknown[]) ?? []),
      ...((get.parameters as unknown[]) ?? []),
    ].map(resolve);
    const security = (get.security ?? document.security ?? []) as JsonObject[];
    found.push({
      operationId: String(get.operationId),
      path,
      pathParams: parameters.filter((p) => p.in === 'path').map((p) => String(p.name)),
      query: parameters
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: String(p.name), schema: resolve(p.schema) })),
      staff: security.some((scheme) => 'staffBearer' in scheme),
    });
  }
  return found;
}

/** Every subset of `names`. */
function subsets(names: string[]): string[][] {
  const all: string[][] = [[]];
  for (const name of names) for (const set of all.slice()) all.push([...set, name]);
  return all;
}

interface Recorded {
  operationId: string;
  filtered: boolean;
  statement: InStatement;
}

describe('list query plans', () => {
  let t: TestApp;
  const recorded: Recorded[] = [];
  let current: { operationId: string; filtered: boolean } | undefined;
  const problems: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-03-10T08:00:00Z' });
    // A little of everything, so every list has a second page to point a cursor at.
    const intake = await t.login('intake@demo.local');
    for (let i = 0; i < 3; i++)
      await submitTriagedTip(t, {
        description: `Dirty kitchen ${i}.`,
        shop: { name: `Shop ${i}`, address: 'Road' },
      });
    for (const decision of [
      { decision: 'accept', classification: 'complex' },
      { decision: 'accept', classification: 'complex' },
      { decision: 'reject', reason: 'Out of scope.' },
      { decision: 'reject', reason: 'Out of scope.' },
      null,
      null,
    ]) {
      const tip = (await (
        await t.request('/tips', {
          json: {
            description: 'Spoiled meat in the fridge.',
            shop: { name: 'Meat shop', address: 'Road 2' },
            districtCode: '350102',
            category: 'expired_or_spoiled_ingredients',
            observedAt: t.clock.now().toISOString(),
          },
        })
      ).json()) as { identityCode: string };
      const caseId = String(
        (
          await t.ctx.db.execute({
            sql: 'SELECT id FROM cases WHERE identity_code = ?',
            args: [tip.identityCode],
          })
        ).rows[0]!.id,
      );
      if (decision) await t.request(`/cases/${caseId}/triage`, { token: intake, json: decision });
    }
    await t.request('/risk/runs', { token: await t.login('admin@demo.local'), json: {} });
    t.clock.advance(30 * 24 * 3_600_000);
    const execute = t.ctx.db.execute.bind(t.ctx.db);
    t.ctx.db.execute = (statement) => {
      const sql = typeof statement === 'string' ? statement : statement.sql;
      if (current && /^\s*(SELECT|WITH)\b/i.test(sql)) recorded.push({ ...current, statement });
      return execute(statement);
    };
  });
  afterAll(() => t.close());

  async function sampleValue(name: string, schema: JsonObject): Promise<string | undefined> {
    if (SAMPLE_VALUES[name]) return SAMPLE_VALUES[name]!(t);
    if (Array.isArray(schema.enum)) return String(schema.enum.at(-1));
    if (schema.type === 'boolean') return 'true';
    if (schema.format === 'date') return '2026-03-01';
    if (schema.pattern === '^[0-9]{6}$' || name.toLowerCase().includes('district')) return '350102';
    return undefined;
  }

  it('covers every list operation of the contract', async () => {
    const operations = listOperations();
    expect(operations.map((op) => op.operationId)).toContain('listCases');
    const tokens = await Promise.all(STAFF.map((email) => t.login(email)));
    for (const op of operations) {
      if (!op.staff) {
        if (!NOT_STAFF_LISTS[op.operationId])
          problems.push(
            `${op.operationId}: not a staff list; add it to NOT_STAFF_LISTS with why it stays small`,
          );
        continue;
      }
      const missingPath = op.pathParams.filter((name) => !PATH_VALUES[name]);
      if (missingPath.length > 0) {
        problems.push(
          `${op.operationId}: no value for path parameter(s) ${missingPath.join(', ')} (PATH_VALUES)`,
        );
        continue;
      }
      const path = op.pathParams.reduce((at, name) => at.replace(`{${name}}`, PATH_VALUES[name]!), op.path);
      const filters: Array<[string, string]> = [];
      for (const { name, schema } of op.query.filter((q) => !PAGING.has(q.name))) {
        const value = await sampleValue(name, schema);
        if (value === undefined)
          problems.push(`${op.operationId}: no sample value for ?${name} (SAMPLE_VALUES)`);
        else filters.push([name, value]);
      }
      const cursorParam = op.query.find((q) => q.name === 'cursor' || q.name === 'beforeSeq')?.name;
      let served = 0;
      for (const token of tokens) {
        const first = await t.request(`${path}?limit=1`, { token });
        if (first.status === 403 || first.status === 404) continue;
        expect(first.status, `${op.operationId} ?limit=1`).toBe(200);
        served += 1;
        const body = (await first.json()) as JsonObject;
        const position = body.nextCursor ?? body.nextBeforeSeq;
        for (const chosen of subsets(filters.map(([name]) => name))) {
          const params = new URLSearchParams(filters.filter(([name]) => chosen.includes(name)));
          for (const withCursor of cursorParam && position != null ? [false, true] : [false]) {
            const query = new URLSearchParams(params);
            if (withCursor) query.set(cursorParam!, String(position));
            const seeking = chosen.filter((name) => !WINDOWED_FILTERS[op.operationId]?.[name]);
            current = { operationId: op.operationId, filtered: seeking.length > 0 };
            const response = await t.request(`${path}?${query}`, { token });
            current = undefined;
            expect(response.status, `${op.operationId}?${query}`).toBeLessThan(500);
          }
        }
      }
      if (served === 0) problems.push(`${op.operationId}: no demo staff role could call it`);
    }
    expect(problems).toEqual([]);
    expect(recorded.length).toBeGreaterThan(100);
  });

  it('walks an index to each page: no sort of all matches, no scan of a growing table', async () => {
    const seen = new Set<string>();
    for (const { operationId, filtered, statement } of recorded) {
      const sql = typeof statement === 'string' ? statement : statement.sql;
      const key = `${filtered}:${sql}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const args = typeof statement === 'string' ? [] : (statement.args ?? []);
      const plan = (
        await t.ctx.db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args } as InStatement)
      ).rows.map((row) => String(row.detail));
      // Aliases name tables in plans: `FROM shop_risks r` → r = shop_risks.
      const tables = new Map<string, string>();
      for (const match of sql.matchAll(
        /\b(?:FROM|JOIN)\s+([a-z_]+)(?:\s+(?:AS\s+)?(?!WHERE|JOIN|ON|LEFT|INNER|ORDER|GROUP|LIMIT|USING|INDEXED)([a-z_]+))?/gi,
      )) {
        tables.set(match[1]!, match[1]!);
        if (match[2]) tables.set(match[2], match[1]!);
      }
      const grows = (name: string) => !SMALL_TABLES.has(tables.get(name) ?? name);
      // A partial index (e.g. of open cases) grows with the work in hand, not with history.
      const partial = async (index: string) =>
        /\bWHERE\b/i.test(
          String(
            (
              await t.ctx.db.execute({
                sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                args: [index],
              })
            ).rows[0]?.sql ?? '',
          ),
        );
      // The outer loop's table: what a sort (TEMP B-TREE) would sort.
      const outer = plan.map((line) => /^(?:SCAN|SEARCH) (\w+)/.exec(line)?.[1]).find(Boolean);
      const sorts = plan.some((line) => line.includes('TEMP B-TREE'));
      const where = `${operationId}: ${sql.replace(/\s+/g, ' ')}\n    ${plan.join('\n    ')}`;
      if (sorts && outer && grows(outer)) problems.push(`sorts every match — ${where}`);
      for (const line of plan) {
        const scan = /^SCAN (\w+)( USING (?:COVERING )?INDEX (\w+)| USING INTEGER PRIMARY KEY)?/.exec(line);
        if (!scan || !grows(scan[1]!)) continue;
        // A walk in the order of the list (a table in rowid order, or an index) stops after a
        // page; with a filter it may walk far, unless it walks a partial index.
        if (!scan[2] && sorts) problems.push(`scans a whole table — ${where}`);
        else if (filtered && !(scan[3] && (await partial(scan[3])))) {
          problems.push(`walks the list's order, filtering as it goes, instead of seeking — ${where}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
