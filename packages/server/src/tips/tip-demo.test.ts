import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../demo/seed-demo-data.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

describe('demo tips', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A development start, as `npm start` does it (test runs skip the demo tips).
    t = await createTestApp({ EZHILI_ENV: 'development', PASSWORD_SCRYPT_COST: '10' });
  });
  afterAll(() => t.close());

  it('fills each queue once: intake, the Gulou bureau, the detachment', async () => {
    await seedDemoData(t.ctx);
    const rows = await t.ctx.db.execute(
      'SELECT assigned_unit, assigned_district_code, state FROM cases ORDER BY assigned_unit',
    );
    expect(rows.rows.map((row) => [row.assigned_unit, row.assigned_district_code, row.state])).toEqual([
      ['district_bureau', '350102', 'triaged'],
      ['enforcement_detachment', null, 'triaged'],
      ['intake', null, 'received'],
    ]);
    const gulou = await t.login('district@demo.local');
    const listed = (await (await t.request('/cases', { token: gulou })).json()) as { items: unknown[] };
    expect(listed.items).toHaveLength(1);
  });
});
