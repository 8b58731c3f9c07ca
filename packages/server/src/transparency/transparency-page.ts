import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { AppContext } from '../http/app-context.js';
import type { AppEnv } from '../http/app-env.js';
import { createCachedTransparencyReport } from './transparency-cache.js';
import type { TransparencyReport } from './transparency-report.js';

type Row = TransparencyReport['overall'];

/** Columns of the page: field, Chinese and English label, and how a value is shown. */
const COLUMNS: Array<[keyof Row, string, string, 'count' | 'rate' | 'hours' | 'yuan']> = [
  ['tipsReceived', '收到举报', 'Tips received', 'count'],
  ['tipsAccepted', '受理', 'Accepted', 'count'],
  ['platformLeads', '平台报送', 'Platform reports', 'count'],
  ['casesClosed', '办结', 'Closed', 'count'],
  ['closureRate', '办结率', 'Closure rate', 'rate'],
  ['closeHoursMedian', '办结用时中位数', 'Median time to close', 'hours'],
  ['violationsConfirmed', '查实违法', 'Violations confirmed', 'count'],
  ['leadsDispatched', '推送线索', 'Leads sent', 'count'],
  ['leadClosureRate', '线索处置率', 'Lead closure rate', 'rate'],
  ['leadToActionHoursMedian', '线索处置用时中位数', 'Median lead to action', 'hours'],
  ['shopsTakenDown', '下线店铺', 'Shops taken down', 'count'],
  ['relistingApproved', '准予重新上线', 'Relisting approved', 'count'],
  ['relistingRejected', '不予重新上线', 'Relisting refused', 'count'],
  ['yellowCards', '黄牌', 'Yellow cards', 'count'],
  ['redCards', '红牌', 'Red cards', 'count'],
  ['rewardsPaid', '发放奖励', 'Rewards paid', 'count'],
  ['rewardsPaidYuan', '奖励金额（元）', 'Rewards paid (yuan)', 'yuan'],
];

const STYLE = `body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem;color:#1f2329;max-width:80rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d0d3d6;padding:.35rem .5rem;text-align:right}th{background:#f2f3f5}
td:first-child,th:first-child{text-align:left}.note{color:#5f6368;font-size:.9rem}.en{color:#5f6368;display:block;font-weight:normal}`;
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** No script, no other origin, nothing framed: one inline stylesheet, allowed by its hash. */
export const TRANSPARENCY_CSP = [
  "default-src 'none'",
  `style-src ${STYLE_HASH}`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

function cell(row: Row, field: keyof Row, kind: (typeof COLUMNS)[number][3]): string {
  const value = row[field];
  if (value === null) return '<td title="少于最小计数，不予公布 / withheld: below the minimum count">*</td>';
  if (typeof value !== 'number') return '<td></td>';
  if (kind === 'rate') return `<td>${(value * 100).toFixed(1)}%</td>`;
  if (kind === 'hours') return `<td>${value} h</td>`;
  return `<td>${value.toLocaleString('en')}</td>`;
}

function table(title: [string, string], head: [string, string], rows: Array<{ label: string; row: Row }>) {
  const header = COLUMNS.map(([, zh, en]) => `<th>${zh}<span class="en">${en}</span></th>`).join('');
  const body = rows
    .map(
      ({ label, row }) =>
        `<tr><td>${label}</td>${COLUMNS.map(([f, , , k]) => cell(row, f, k)).join('')}</tr>`,
    )
    .join('\n');
  return `<h2>${title[0]} <span lang="en">${title[1]}</span></h2>
<table><thead><tr><th>${head[0]}<span class="en">${head[1]}</span></th>${header}</tr></thead><tbody>
${body}
</tbody></table>`;
}

export function renderTransparencyPage(report: TransparencyReport): string {
  const districts = report.byDistrict.map((d) => ({
    label: `${escapeHtml(d.nameZh)}<span class="en">${escapeHtml(d.nameEn)}</span>`,
    row: d,
  }));
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>信息公开 · Transparency</title><style>${STYLE}</style></head>
<body>
<h1>网络订餐社会共治 · 数据公开 <span lang="en" class="en">Online food delivery co-governance: the scheme's figures</span></h1>
<p class="note">${escapeHtml(report.from)} – ${escapeHtml(report.to)}。仅为汇总数据；少于 ${report.minimumCount} 的数值以 * 表示，不予公布，以免识别任何一条举报。
<span lang="en" class="en">Aggregates only. Counts below ${report.minimumCount} are withheld (*), with any figure that would reveal them, so no single tip can be singled out. Generated ${escapeHtml(report.generatedAt)}; machine-readable: <code>/transparency/report</code>.</span></p>
${table(['累计', 'Since launch'], ['范围', 'Scope'], [{ label: '全部 <span class="en">All</span>', row: report.overall }])}
${table(
  ['按年度', 'By year'],
  ['年度', 'Year'],
  report.byYear.map((y) => ({ label: String(y.year), row: y })),
)}
${table(['按区县', 'By district'], ['区县', 'District'], districts)}
</body></html>`;
}

/** `GET /transparency`: the public page, rendered on the server from the same document. */
export function mountTransparencyPage(app: Hono<AppEnv>, ctx: AppContext): void {
  const report = createCachedTransparencyReport(ctx);
  app.get('/transparency', async (c) =>
    c.html(renderTransparencyPage(await report()), 200, {
      'Content-Security-Policy': TRANSPARENCY_CSP,
      'Cache-Control': 'public, max-age=300',
    }),
  );
}
