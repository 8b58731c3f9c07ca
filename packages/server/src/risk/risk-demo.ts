import type { AppContext } from '../http/app-context.js';
import { DEMO_PLATFORM_ID } from '../platforms/demo-platform.js';
import { isoDateOfDay } from '../record-import/record-dates.js';
import { createRiskRun } from './risk-runs.js';

/** Demo shops the demo platform lists, for the widget's picker and the risk pages. */
const DEMO_RISK_SHOPS = [
  {
    key: 'demo-2001',
    name: '鼓楼鱼丸店 Gulou Fish Ball Shop',
    address: '鼓楼区东街 88 号',
    district: '350102',
    licence: 'JY13501020000001',
    expiry: '2027-06-30',
    rating: 4.6,
    complaints: 0,
    history: [
      [0, 0, 2],
      [0, 1, 1],
    ],
  },
  {
    key: 'demo-2002',
    name: '台江沙县小吃 Taijiang Shaxian Snacks',
    address: '台江区上下杭 12 号',
    district: '350103',
    licence: 'JY13501030000002',
    expiry: '2025-12-31',
    rating: 3.9,
    complaints: 4,
    history: [
      [2, 3, 1],
      [1, 2, 0],
    ],
  },
  {
    key: 'demo-2003',
    name: '仓山锅边糊 Cangshan Dingbian Soup',
    address: '仓山区对湖路 5 号',
    district: '350104',
    licence: null,
    expiry: null,
    rating: 3.2,
    complaints: 9,
    history: [[3, 2, 4]],
  },
  {
    key: 'demo-2004',
    name: "晋安佛跳墙 Jin'an Buddha Jumps Over the Wall",
    address: '晋安区福新路 200 号',
    district: '350111',
    licence: 'JY13501110000004',
    expiry: '2028-03-31',
    rating: 4.8,
    complaints: 0,
    history: [[0, 0, 0]],
  },
  {
    key: 'demo-2005',
    name: '鼓楼光饼铺 Gulou Guangbing Bakery',
    address: '鼓楼区杨桥路 33 号',
    district: '350102',
    licence: 'JY13501020000005',
    expiry: '2027-01-15',
    rating: 4.1,
    complaints: 1,
    history: [],
  },
  {
    key: 'demo-2006',
    name: '马尾海鲜排档 Mawei Seafood Stall',
    address: '马尾区江滨路 7 号',
    district: '350105',
    licence: 'JY13501050000006',
    expiry: '2026-08-01',
    rating: 3.5,
    complaints: 6,
    history: [
      [1, 4, 3],
      [2, 1, 2],
      [1, 0, 1],
    ],
  },
];

/**
 * Seeds demo shops with a little inspection history (idempotent: fixed ids, conflicts ignored),
 * so `npm start` has shops to search and to score.
 */
export async function seedDemoRiskData(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  const today = Math.floor(now.getTime() / 86_400_000);
  const statements = [];
  for (const shop of DEMO_RISK_SHOPS) {
    const id = `shop_${shop.key.replace('-', '_')}`;
    statements.push({
      sql: `INSERT INTO shops (id, platform_id, platform_shop_id, name, address, district_code, licence_number, licence_expiry,
              categories, rating, complaint_count, online, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, '["snacks"]', ?, ?, 1, ?, ?) ON CONFLICT DO NOTHING`,
      args: [
        id,
        DEMO_PLATFORM_ID,
        shop.key,
        shop.name,
        shop.address,
        shop.district,
        shop.licence,
        shop.expiry,
        shop.rating,
        shop.complaints,
        now.toISOString(),
        now.toISOString(),
      ],
    });
    shop.history.forEach(([critical, serious, minor], i) => {
      const day = today - 90 - 200 * i;
      statements.push({
        sql: `INSERT INTO inspections (shop_id, inspected_on, day, result, score, critical, serious, minor, source, record_key, import_id)
              VALUES (?, ?, ?, ?, NULL, ?, ?, ?, 'demo', ?, 'imp_demo') ON CONFLICT DO NOTHING`,
        args: [
          id,
          isoDateOfDay(day),
          day,
          critical! > 0 ? 'fail' : 'pass',
          critical!,
          serious!,
          minor!,
          `${shop.key}-${i}`,
        ],
      });
    });
  }
  await ctx.db.batch(statements);
}

/**
 * The demo's first start has a finished risk run with inspection tasks for the district bureaus,
 * so the risk and task pages have content. Runs only when no run has completed yet; not part of
 * every test app's seed (a run adds audit events and scores).
 */
export async function seedDemoRiskRun(ctx: AppContext): Promise<void> {
  const done = await ctx.db.execute("SELECT 1 FROM risk_runs WHERE status = 'completed' LIMIT 1");
  if (done.rows.length > 0) return;
  await createRiskRun(ctx, { createTasks: true }, { type: 'system', id: 'demo' }, { workers: 0 });
}
