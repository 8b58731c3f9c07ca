import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.js';

interface Row {
  tipsReceived: number | null;
  suppressed: string[];
  [field: string]: unknown;
}

describe('the public transparency document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TRANSPARENCY_MIN_COUNT: '5' }, {}, { now: '2026-03-10T09:00:00Z' });
    // Two tips in Pingtan and three in Luoyuan (below the minimum), six in Yongtai, written
    // through the schema. Two small cells: no complementary cell is needed.
    const insert = (i: number, district: string) =>
      t.ctx.db.execute({
        sql: `INSERT INTO cases (id, identity_code, source, description, category, district_code, shop_district_code,
                received_at, state, assigned_unit, acknowledge_by, feedback_by, updated_at)
              VALUES (?, ?, 'tip', 'Sick cook. Reporter 张三', 'other', ?, ?, ?, 'received', 'intake', ?, ?, ?)`,
        args: [
          `cas_tr_${i}`,
          `TR-SECRET-${i}`,
          district,
          district,
          '2026-03-02T10:00:00.000Z',
          '2026-03-09T10:00:00.000Z',
          '2026-06-01T10:00:00.000Z',
          '2026-03-02T10:00:00.000Z',
        ],
      });
    for (let i = 0; i < 2; i++) await insert(i, '350128');
    for (let i = 2; i < 8; i++) await insert(i, '350125');
    for (let i = 8; i < 11; i++) await insert(i, '350123');
  });
  afterAll(() => t.close());

  it('publishes aggregates since launch and withholds every cell below the minimum count', async () => {
    const response = await t.request('/transparency/report');
    expect(response.status).toBe(200);
    const report = (await response.json()) as {
      minimumCount: number;
      from: string;
      overall: Row;
      byYear: Row[];
      byDistrict: Array<Row & { districtCode: string }>;
    };
    expect(report.minimumCount).toBe(5);
    const staff = (await (
      await t.request(`/metrics?since=launch`, { token: await t.login('auditor1@demo.local') })
    ).json()) as {
      from: string;
      overall: { tips: number };
      districts: Array<{ districtCode: string; tips: number }>;
    };
    expect(report.from).toBe(staff.from);
    expect(report.overall.tipsReceived).toBe(staff.overall.tips);
    const pingtan = report.byDistrict.find((d) => d.districtCode === '350128')!;
    expect(pingtan.tipsReceived).toBeNull();
    expect(pingtan.suppressed).toContain('tipsReceived');
    expect(report.byDistrict.find((d) => d.districtCode === '350125')!.tipsReceived).toBe(6);
    // Every published count is the staff figure or withheld; no withheld count is 5 or more,
    // and no column has a single withheld cell that the total would give away.
    const raw = new Map(staff.districts.map((d) => [d.districtCode, d.tips]));
    for (const d of report.byDistrict) {
      const tips = raw.get(d.districtCode)!;
      if (d.tipsReceived === null) expect(tips).toBeGreaterThan(0);
      else expect(d.tipsReceived).toBe(tips);
      if (tips > 0 && tips < 5) expect(d.tipsReceived).toBeNull();
    }
    expect(report.byDistrict.filter((d) => d.tipsReceived === null).length).not.toBe(1);
    for (const row of [report.overall, ...report.byYear, ...report.byDistrict]) {
      for (const [field, value] of Object.entries(row)) {
        if (
          typeof value === 'number' &&
          ![
            'closureRate',
            'leadClosureRate',
            'closeHoursMedian',
            'leadToActionHoursMedian',
            'rewardsPaidYuan',
            'yellowCards',
            'redCards',
            'year',
          ].includes(field)
        ) {
          expect(value === 0 || value >= 5, `${field} = ${value}`).toBe(true);
        }
      }
    }
    expect(JSON.stringify(report)).not.toMatch(/TR-SECRET|张三|cas_tr/);
  });

  it('serves the same figures as an HTML page with a strict policy and no script', async () => {
    const response = await t.request('/transparency');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toMatch(/script-src|unsafe|https?:/);
    const html = await response.text();
    expect(html).not.toMatch(/<script|https?:\/\//i);
    expect(html).toContain('办结率');
    expect(html).toContain('Closure rate');
    expect(html).toMatch(/平潭县[\s\S]*?<td title="[^"]*">\*<\/td>/);
    expect(html).not.toMatch(/TR-SECRET|张三/);
  });

  it('refuses a minimum count that would publish single tips', async () => {
    await expect(createTestApp({ TRANSPARENCY_MIN_COUNT: '1' })).rejects.toThrow(/TRANSPARENCY_MIN_COUNT/);
  });
});
