import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexOperations, type OperationEntry } from './contract/operation-index.js';
import { createInspectionTasks } from './inspection-tasks/task-service.js';
import { createStaffService } from './staff/staff-service.js';
import { makePng, multipartForm } from './testing/evidence-fixtures.js';
import { insertTestShop, registerTestPlatform, type TestPlatform } from './testing/platform-test-kit.js';
import { rewardTestPerson, tipHeaders } from './testing/reward-test-fixtures.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

/**
 * Least privilege for every staff read (issue 15): a district handler of district A never sees a
 * row of district B — not in a list, and a single read of B's row is a 404, as if it did not
 * exist — while their own district's rows are there (so the test is not passing on empty data).
 *
 * Data-driven from the contract: every staff read whose `x-roles` name `district_handler` without
 * naming it in `x-city-wide-roles` must have a probe here, so a new scoped read fails until it is
 * taught; reads the contract names city-wide for every role are left to it (and its sentence).
 */

interface Operation {
  'x-roles'?: string[];
  'x-city-wide-roles'?: string[];
  security?: Array<Record<string, unknown>>;
}

const op = (entry: OperationEntry) => entry.operation as Operation;
const scopedReads = [...indexOperations().values()].filter(
  (entry) =>
    entry.method === 'get' &&
    (op(entry).security ?? []).some((alternative) => 'staffBearer' in alternative) &&
    (op(entry)['x-roles'] ?? []).includes('district_handler') &&
    !(op(entry)['x-city-wide-roles'] ?? []).includes('district_handler'),
);

/** Reads of the caller's own rows: themself, the notifications addressed to them. */
const SELF_READS = new Set(['getCurrentStaff', 'listNotifications']);

/** One district's rows, made through the real routes. */
interface DistrictRows {
  district: string;
  token: string;
  caseId: string;
  identityCode: string;
  evidenceId: string;
  caseShopId: string;
  shopLeadShopId: string;
  caseLeadId: string;
  shopLeadId: string;
  relistingId: string;
  claimId: string;
  taskId: string;
  /** The district's handler (an officer of its bureau, in listOfficers). */
  staffId: string;
}

/**
 * The path of a list (whose answer must hold the district's own ids and none of the other's), a
 * get, or counts (which must add up to what the caller's list of the same rows holds).
 */
type Probe =
  | { list: (rows: DistrictRows) => string }
  | { get: (rows: DistrictRows) => string }
  | { counts: string; sameAs: string };

const PROBES: Record<string, Probe> = {
  listCases: { list: () => '/cases?limit=200' },
  getCaseCounts: { counts: '/case-counts', sameAs: '/cases?limit=200' },
  getCase: { get: (r) => `/cases/${r.caseId}` },
  getEvidenceFile: { get: (r) => `/cases/${r.caseId}/evidence/${r.evidenceId}` },
  exportCaseFilePdf: { get: (r) => `/cases/${r.caseId}/case-file.pdf` },
  listPlatformLeads: { list: () => `/platforms/${platform.id}/leads?limit=200` },
  listRelistingRequests: { list: () => '/relisting-requests?limit=200' },
  getRelistingRequest: { get: (r) => `/relisting-requests/${r.relistingId}` },
  getShopRelistingStatus: { get: (r) => `/shops/${r.shopLeadShopId}/relisting-status` },
  listRewardClaims: { list: () => '/rewards/claims?limit=200' },
  getRewardClaim: { get: (r) => `/rewards/claims/${r.claimId}` },
  listShopRisks: { list: () => '/risk/shops?limit=500' },
  getShopRisk: { get: (r) => `/risk/shops/${r.caseShopId}` },
  listInspectionTasks: { list: () => '/inspection-tasks?limit=200' },
  getInspectionTask: { get: (r) => `/inspection-tasks/${r.taskId}` },
  listOfficers: { list: () => '/officers' },
};

/** The ids of a district's rows that a list of that operation must show (and the other district's never). */
const LIST_IDS: Record<string, (r: DistrictRows) => string[]> = {
  listCases: (r) => [r.caseId],
  listPlatformLeads: (r) => [r.caseLeadId, r.shopLeadId],
  listRelistingRequests: (r) => [r.relistingId],
  listRewardClaims: (r) => [r.claimId],
  listShopRisks: (r) => [r.caseShopId, r.shopLeadShopId],
  listInspectionTasks: (r) => [r.taskId],
  listOfficers: (r) => [r.staffId],
};

/** Every id of a district's rows, and what else would point at them: none may reach the other district. */
const allIds = (r: DistrictRows) => [
  r.caseId,
  r.identityCode,
  r.evidenceId,
  r.caseShopId,
  r.shopLeadShopId,
  r.caseLeadId,
  r.shopLeadId,
  r.relistingId,
  r.claimId,
  r.taskId,
  r.staffId,
];

let t: TestApp;
let platform: TestPlatform;
const rows: DistrictRows[] = [];

async function ok(response: Response, status = 200): Promise<Record<string, unknown>> {
  if (response.status !== status) throw new Error(`${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** A closed, confirmed case with evidence and a reward claim; a case lead and a shop lead (taken down, relisting asked). */
async function seedDistrict(district: string, token: string, n: number): Promise<DistrictRows> {
  const caseShop = await insertTestShop(t.ctx, platform.id, {
    districtCode: district,
    name: `Case shop ${n}`,
  });
  const leadShop = await insertTestShop(t.ctx, platform.id, {
    districtCode: district,
    name: `Lead shop ${n}`,
  });
  const person = rewardTestPerson(700 + n);
  const reporter = String((await ok(await t.request('/reporter/accounts', { json: person }), 201)).token);
  const tip = {
    description: `Spoiled meat in district ${district}.`,
    shop: { platformId: platform.id, platformShopId: caseShop.platformShopId },
    districtCode: district,
    category: 'expired_or_spoiled_ingredients',
    observedAt: t.clock.now().toISOString(),
  };
  const submitted = await t.app.request('/tips', {
    method: 'POST',
    headers: { authorization: `Bearer ${reporter}` },
    body: multipartForm([
      ['tip', JSON.stringify(tip)],
      ['evidence', new Blob([new Uint8Array(makePng())], { type: 'image/png' }), 'a.png'],
    ]),
  });
  const receipt = (await ok(submitted, 201)) as { identityCode: string; receiptSecret: string };
  const caseRow = (
    await t.ctx.db.execute({
      sql: 'SELECT c.id, e.id AS evidence_id FROM cases c JOIN evidence e ON e.case_id = c.id WHERE c.identity_code = ?',
      args: [receipt.identityCode],
    })
  ).rows[0]!;
  const caseId = String(caseRow.id);
  const intake = await t.login('intake@demo.local');
  await ok(
    await t.request(`/cases/${caseId}/triage`, {
      token: intake,
      json: { decision: 'accept', classification: 'general' },
    }),
  );
  await ok(await t.request(`/cases/${caseId}/transitions`, { token, json: { action: 'investigate' } }));
  await ok(
    await t.request(`/cases/${caseId}/transitions`, {
      token,
      json: { action: 'close', outcome: 'violation_confirmed', penaltyFen: 1_000_000, summary: 'Confirmed.' },
    }),
  );
  await ok(await t.request('/rewards/claims', { headers: tipHeaders(receipt), json: {} }), 201);
  const claimId = String(
    (await t.ctx.db.execute({ sql: 'SELECT id FROM reward_claims WHERE case_id = ?', args: [caseId] }))
      .rows[0]!.id,
  );
  const caseLead = await ok(
    await t.request('/leads', { token, json: { source: 'case', caseId, summary: 'Confirmed violation' } }),
    201,
  );
  const shopLead = await ok(
    await t.request('/leads', {
      token,
      json: { source: 'shop', shopId: leadShop.id, summary: 'Expired meat' },
    }),
    201,
  );
  await ok(
    await platform.call('POST', `/platforms/${platform.id}/leads/${shopLead.id}/action`, {
      action: 'taken_down',
      at: t.clock.now().toISOString(),
    }),
    201,
  );
  const relisting = await ok(
    await platform.call('POST', `/platforms/${platform.id}/relisting-requests`, {
      shopId: leadShop.id,
      review: {
        checklist: [{ item: 'Licence displayed', passed: true }],
        licence: { number: `JY2350${n}`, expiresOn: '2030-01-01' },
        rectificationEvidence: [{ description: 'Report', sha256: 'c'.repeat(64) }],
        summary: 'Rectified.',
      },
    }),
    201,
  );
  return {
    district,
    token,
    caseId,
    identityCode: receipt.identityCode,
    evidenceId: String(caseRow.evidence_id),
    caseShopId: caseShop.id,
    shopLeadShopId: leadShop.id,
    caseLeadId: String(caseLead.id),
    shopLeadId: String(shopLead.id),
    relistingId: String(relisting.id),
    claimId,
    taskId: '',
    staffId: String((await ok(await t.request('/staff/me', { token }))).id),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.login('admin@demo.local');
  platform = await registerTestPlatform(t, admin);
  await createStaffService(t.ctx).createUser({
    email: 'taijiang@scope.test',
    displayName: 'Taijiang District Handler',
    roles: ['district_handler'],
    districtCode: '350103',
    password: 'scope test password',
  });
  rows.push(await seedDistrict('350102', await t.login('district@demo.local'), 1));
  rows.push(await seedDistrict('350103', await t.login('taijiang@scope.test', 'scope test password'), 2));
  const run = await ok(await t.request('/risk/runs', { token: admin, json: {} }), 201);
  await createInspectionTasks(
    t.ctx.db,
    { id: String(run.id), modelVersion: Number(run.modelVersion), at: t.clock.now() },
    rows.map((r, i) => ({
      shopId: r.shopLeadShopId,
      districtCode: r.district,
      score: 90,
      tier: 'A',
      priority: i + 1,
      explanation: [],
    })),
  );
  for (const r of rows) {
    r.taskId = String(
      (
        await t.ctx.db.execute({
          sql: 'SELECT id FROM inspection_tasks WHERE shop_id = ?',
          args: [r.shopLeadShopId],
        })
      ).rows[0]!.id,
    );
  }
}, 120_000);
afterAll(() => t?.close());

describe('staff reads are scoped to the caller’s district (least privilege)', () => {
  it('has a probe for every read a district handler is scoped in', () => {
    const missing = scopedReads
      .map((entry) => entry.operationId)
      .filter((id) => !SELF_READS.has(id) && !(id in PROBES));
    expect(missing).toEqual([]);
  });

  it('never shows a district handler another district’s rows; a single read of one is a 404', async () => {
    const problems: string[] = [];
    for (const entry of scopedReads.filter((e) => !SELF_READS.has(e.operationId))) {
      const probe = PROBES[entry.operationId]!;
      for (const [mine, theirs] of [
        [rows[0]!, rows[1]!],
        [rows[1]!, rows[0]!],
      ] as const) {
        const as = (path: string) =>
          t.app.request(path, { headers: { authorization: `Bearer ${mine.token}` } });
        const name = `${entry.operationId} as the handler of ${mine.district}`;
        if ('list' in probe) {
          const response = await as(probe.list(mine));
          const text = await response.text();
          if (response.status !== 200) problems.push(`${name}: ${response.status} ${text}`);
          const own = LIST_IDS[entry.operationId]!(mine).filter((id) => !text.includes(id));
          if (own.length > 0) problems.push(`${name}: misses its own rows ${own.join(', ')}`);
          const leaked = allIds(theirs).filter((id) => text.includes(id));
          if (leaked.length > 0) problems.push(`${name}: shows ${theirs.district}'s ${leaked.join(', ')}`);
        } else if ('counts' in probe) {
          const counts = (await (await as(probe.counts)).json()) as Record<string, number>;
          const { overdue: _, ...perState } = counts;
          const total = Object.values(perState).reduce((sum, n) => sum + n, 0);
          const listed = ((await (await as(probe.sameAs)).json()) as { items: unknown[] }).items.length;
          if (total !== listed) problems.push(`${name}: counts ${total} cases, lists ${listed}`);
        } else {
          const own = await as(probe.get(mine));
          if (own.status !== 200) problems.push(`${name}: its own row answered ${own.status}`);
          const path = probe.get(theirs);
          const other = await as(path);
          const text = await other.text();
          if (other.status !== 404)
            problems.push(`${name}: ${theirs.district}'s row answered ${other.status}`);
          // The refusal may repeat the id asked for, nothing else of the other district.
          const leaked = allIds(theirs).filter((id) => text.includes(id) && !path.includes(id));
          if (leaked.length > 0) problems.push(`${name}: the refusal names ${leaked.join(', ')}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
