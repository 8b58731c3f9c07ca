import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffPrincipal } from '../auth/staff-principal.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { readCasePage } from './case-list.js';

const ADMIN: StaffPrincipal = {
  id: 'stf_admin_test',
  email: 'admin@fz.gov.cn',
  displayName: 'Admin',
  roles: ['admin'],
  districtCode: null,
  source: 'local',
};

interface Seeded {
  caseId: string;
  receiptSecret: string;
}

describe('listCases filters: unit, classification, category, text, sort; counts', () => {
  let t: TestApp;
  let admin: string;
  const seeded: Seeded[] = [];

  beforeAll(async () => {
    t = await createTestApp({}, {}, { now: '2026-03-10T08:00:00Z' });
    admin = await t.login('admin@demo.local');
    const intake = await t.login('intake@demo.local');
    const tips = [
      {
        category: 'unhygienic_kitchen',
        description: 'Cockroaches by the wok.',
        shop: '闽江面馆',
        decision: 'general',
      },
      {
        category: 'illegal_additives',
        description: '汤里加了罂粟壳',
        shop: 'Soup Corner',
        decision: 'complex',
      },
      {
        category: 'unhygienic_kitchen',
        description: 'Rats near the rice.',
        shop: 'Rice House',
        decision: null,
      },
      {
        category: 'other',
        description: 'No licence on the wall.',
        shop: '三坊七巷小吃',
        decision: 'general',
      },
      {
        category: 'unhygienic_kitchen',
        description: 'Dirty floor, SOUP pots open.',
        shop: 'Noodle Bar',
        decision: 'complex',
      },
    ];
    for (const tip of tips) {
      const response = await t.request('/tips', {
        json: {
          description: tip.description,
          shop: { name: tip.shop, address: 'Gulou Road 1' },
          districtCode: '350102',
          category: tip.category,
          observedAt: t.clock.now().toISOString(),
        },
      });
      const receipt = (await response.json()) as { identityCode: string; receiptSecret: string };
      const caseId = String(
        (
          await t.ctx.db.execute({
            sql: 'SELECT id FROM cases WHERE identity_code = ?',
            args: [receipt.identityCode],
          })
        ).rows[0]!.id,
      );
      if (tip.decision) {
        await t.request(`/cases/${caseId}/triage`, {
          token: intake,
          json: { decision: 'accept', classification: tip.decision },
        });
      }
      seeded.push({ caseId, receiptSecret: receipt.receiptSecret });
      t.clock.advance(60_000);
    }
  });
  afterAll(() => t.close());

  async function ids(query: string, token = admin): Promise<string[]> {
    const response = await t.request(`/cases?${query}`, { token });
    expect(response.status, query).toBe(200);
    const body = (await response.json()) as { items: Array<{ id: string }>; nextCursor: string | null };
    return body.items.map((item) => item.id);
  }
  const newestFirst = (indexes: number[]) => indexes.map((i) => seeded[i]!.caseId).reverse();

  it('narrows to a unit, or to the classification that decides it', async () => {
    expect(await ids('assignedUnit=district_bureau')).toEqual(newestFirst([0, 3]));
    expect(await ids('classification=complex')).toEqual(newestFirst([1, 4]));
    expect(await ids('assignedUnit=intake')).toEqual(newestFirst([2]));
    // A classification of another unit than the one asked for: nothing, not an error.
    expect(await ids('assignedUnit=intake&classification=general')).toEqual([]);
    // A district handler asking for another unit's cases gets none of them.
    expect(await ids('assignedUnit=enforcement_detachment', await t.login('district@demo.local'))).toEqual(
      [],
    );
    expect(await ids('assignedUnit=district_bureau', await t.login('district@demo.local'))).toEqual(
      newestFirst([0, 3]),
    );
  });

  it('filters by category and searches the staff-visible texts, case-insensitively', async () => {
    expect(await ids('category=unhygienic_kitchen')).toEqual(newestFirst([0, 2, 4]));
    expect(await ids('q=soup')).toEqual(newestFirst([1, 4]));
    expect(await ids('q=罂粟')).toEqual(newestFirst([1]));
    expect(await ids('q=三坊七巷')).toEqual(newestFirst([3]));
    expect(await ids('q=soup&category=unhygienic_kitchen&classification=complex')).toEqual(newestFirst([4]));
    // The reporter's receipt secret is nowhere staff can search.
    expect(await ids(`q=${encodeURIComponent(seeded[0]!.receiptSecret)}`)).toEqual([]);
  });

  it('sorts oldest first, and a cursor keeps the order it was issued in', async () => {
    const first = (await (await t.request('/cases?sort=oldest&limit=2', { token: admin })).json()) as {
      items: Array<{ id: string }>;
      nextCursor: string;
    };
    expect(first.items.map((item) => item.id)).toEqual([seeded[0]!.caseId, seeded[1]!.caseId]);
    expect(await ids(`limit=2&cursor=${first.nextCursor}`)).toEqual([seeded[2]!.caseId, seeded[3]!.caseId]);
  });

  it('examines a bounded window per request; following the cursor finds every match once', async () => {
    const found: string[] = [];
    let cursor: string | undefined;
    let requests = 0;
    do {
      const { page, nextCursor } = await readCasePage(
        t.ctx.db,
        ADMIN,
        { category: 'unhygienic_kitchen', limit: 1, ...(cursor && { cursor }) },
        t.clock.now(),
        2,
      );
      found.push(...page.map((record) => record.id));
      cursor = nextCursor ?? undefined;
      requests += 1;
    } while (cursor && requests < 20);
    expect(found).toEqual(newestFirst([0, 2, 4]));
    // A window of two rows over five cases: the walk took several short pages, not one long read.
    expect(requests).toBeGreaterThanOrEqual(3);
  });

  it('counts the cases of each queue the caller sees', async () => {
    const counts = async (query: string, email: string) =>
      (await t.request(`/case-counts${query}`, { token: await t.login(email) })).json();
    expect(await counts('', 'admin@demo.local')).toEqual({
      received: 1,
      triaged: 4,
      investigating: 0,
      closed: 0,
      overdue: 0,
    });
    expect(await counts('', 'detachment@demo.local')).toMatchObject({ triaged: 2, received: 0 });
    expect(await counts('?assignedUnit=intake', 'admin@demo.local')).toMatchObject({
      received: 1,
      triaged: 0,
    });
    t.clock.advance(30 * 24 * 3_600_000);
    expect(await counts('', 'intake@demo.local')).toMatchObject({ received: 1, overdue: 1 });
    expect((await t.request('/case-counts', { token: await t.login('finance@demo.local') })).status).toBe(
      403,
    );
  });
});
