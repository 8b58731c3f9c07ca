import type { Schema } from '@ezhili/contract';
import type { AppContext } from '../http/app-context.js';
import { createMetricsService } from '../metrics/metrics-service.js';
import {
  type Cell,
  type SuppressedRow,
  type SuppressionRules,
  suppressComplements,
  suppressRow,
} from './suppression.js';
import { TRANSPARENCY_SETTINGS } from './transparency-settings.js';

export type TransparencyReport = Schema<'TransparencyReport'>;
type Figures = Schema<'TransparencyFigures'>;
type MetricsFigures = Schema<'MetricsFigures'> & { yellowCards?: number; redCards?: number };

const RULES: SuppressionRules = {
  counts: [
    'tipsReceived',
    'tipsAccepted',
    'platformLeads',
    'casesClosed',
    'violationsConfirmed',
    'leadsDispatched',
    'leadsActioned',
    'shopsTakenDown',
    'relistingApproved',
    'relistingRejected',
    'rewardsPaid',
    'yellowCards',
    'redCards',
  ],
  rates: [
    { field: 'closureRate', numerator: 'casesClosed', denominator: 'casesReceived' },
    { field: 'leadClosureRate', numerator: 'leadsActioned', denominator: 'leadsDispatched' },
  ],
  dependents: [
    { field: 'closeHoursMedian', basis: 'casesClosed' },
    { field: 'leadToActionHoursMedian', basis: 'leadsActioned' },
    { field: 'rewardsPaidYuan', basis: 'rewardsPaid' },
  ],
  // Cards are decisions about a platform, not about any tip.
  exempt: ['yellowCards', 'redCards'],
};

/** The raw (unsuppressed) figures of one scope, from `getMetrics`. */
function rawFigures(f: MetricsFigures): Record<string, Cell> {
  return {
    tipsReceived: f.tips,
    tipsAccepted: f.tipsAccepted,
    platformLeads: f.platformLeads,
    casesReceived: f.tips + f.platformLeads,
    casesClosed: f.casesClosed,
    closureRate: f.closureRate,
    closeHoursMedian: f.closeHoursMedian,
    violationsConfirmed: f.violationsConfirmed,
    leadsDispatched: f.leadsDispatched,
    leadsActioned: f.leadsActioned,
    leadClosureRate: f.leadClosureRate,
    leadToActionHoursMedian: f.leadToActionHoursMedian,
    shopsTakenDown: f.shopsTakenDown,
    relistingApproved: f.relistingApproved,
    relistingRejected: f.relistingRejected,
    rewardsPaid: f.rewardsPaid,
    rewardsPaidYuan: Math.floor(f.rewardsPaidFen / 100),
    yellowCards: f.yellowCards ?? 0,
    redCards: f.redCards ?? 0,
  };
}

const published = (row: SuppressedRow): Figures => {
  const { casesReceived: _internal, ...values } = row.values;
  return { ...(values as Omit<Figures, 'suppressed'>), suppressed: [...new Set(row.suppressed)].sort() };
};

/**
 * The scheme's public figures since launch: overall, per year and per district, each cell
 * below the minimum count withheld (`suppression.ts`). Built from the same rollups as
 * `getMetrics`; nothing about any single case, shop or person.
 */
export function createTransparencyReport(ctx: AppContext) {
  const metrics = createMetricsService(ctx);
  const { minimumCount } = ctx.settings.of(TRANSPARENCY_SETTINGS);

  return async function transparencyReport(): Promise<TransparencyReport> {
    const all = await metrics.getMetrics({ since: 'launch' });
    const total = suppressRow(rawFigures(all.overall), RULES, minimumCount);

    const years: Array<{ year: number; raw: Record<string, Cell> }> = [];
    for (let year = Number(all.from.slice(0, 4)); year <= Number(all.to.slice(0, 4)); year++) {
      const from = `${year}-01-01` < all.from ? all.from : `${year}-01-01`;
      const to = `${year}-12-31` > all.to ? all.to : `${year}-12-31`;
      years.push({ year, raw: rawFigures((await metrics.getMetrics({ from, to })).overall) });
    }
    const yearRows = years.map((y) => suppressRow(y.raw, RULES, minimumCount));
    suppressComplements(
      yearRows,
      total,
      years.map((y) => y.raw),
      RULES,
    );

    const names = new Map(
      (await ctx.db.execute('SELECT code, name_zh, name_en FROM districts')).rows.map((row) => [
        String(row.code),
        { nameZh: String(row.name_zh), nameEn: String(row.name_en) },
      ]),
    );
    const districtRaw = all.districts.map((d) => rawFigures(d));
    const districtRows = districtRaw.map((raw) => suppressRow(raw, RULES, minimumCount));
    suppressComplements(districtRows, total, districtRaw, RULES);

    return {
      generatedAt: all.generatedAt,
      from: all.from,
      to: all.to,
      minimumCount,
      overall: published(total),
      byYear: years.map((y, i) => ({ year: y.year, ...published(yearRows[i]!) })),
      byDistrict: all.districts.map((d, i) => ({
        districtCode: d.districtCode,
        nameZh: names.get(d.districtCode)?.nameZh ?? d.districtCode,
        nameEn: names.get(d.districtCode)?.nameEn ?? d.districtCode,
        ...published(districtRows[i]!),
      })),
    };
  };
}
