import type { Schema } from '@ezhili/contract';
import type { AppContext } from '../http/app-context.js';
import { METRICS_SECTIONS } from './metrics-contributors.js';
import {
  figuresOf,
  legacySections,
  platformFiguresOf,
  type ScopeDurations,
  sourceFigures,
} from './metrics-figures.js';
import { NO_NOW_FIGURES, readNowFigures, readOverdueDeterminations, sumNowFigures } from './metrics-now.js';
import { type MetricsQuery, resolvePeriod } from './metrics-period.js';
import { COUNT_METRICS, type DurationMetric } from './rollup-facts.js';
import {
  bucketsOf,
  type Percentiles,
  readCounts,
  readPercentilesOf,
  readSeries,
  type Scope,
} from './rollup-reader.js';
import type { ScopeKind } from './rollup-sql.js';

export type Metrics = Schema<'Metrics'>;

const DAY_MS = 24 * 60 * 60 * 1000;
const SOURCES = ['reporter', 'platform', 'risk', 'regulator'] as const;

/** Strips a district filter's `code|` prefix from the keys of a combined scope. */
function unprefixed<T>(map: Map<string, T>, prefix: string | undefined): Map<string, T> {
  if (!prefix) return map;
  return new Map([...map].map(([key, value]) => [key.slice(prefix.length), value]));
}

/**
 * The scheme's figures for a period, read from the rollups (`rollup-sql.ts`): the cost depends
 * on the number of months and districts, not on the number of cases. Only counts and durations
 * leave this function.
 */
export function createMetricsService(ctx: AppContext) {
  const { db, clock } = ctx;

  return {
    async getMetrics(query: MetricsQuery): Promise<Metrics> {
      const now = clock.now();
      const period = await resolvePeriod(db, query, now);
      const buckets = bucketsOf(period.from, period.to);
      const district = query.districtCode;
      const prefix = district ? `${district}|` : undefined;
      // Scopes: everything, or the district's own and its combinations with source and platform.
      const top: { kind: ScopeKind; key: string } = district
        ? { kind: 'd', key: district }
        : { kind: '', key: '' };
      const bySourceScope: Scope = district ? { kind: 'ds', keyPrefix: prefix } : { kind: 's' };
      const byPlatformScope: Scope = district ? { kind: 'dp', keyPrefix: prefix } : { kind: 'p' };

      // A district's own figures read only its rows (kind 'd' keys are district codes).
      const districtScope: Scope = district ? { kind: 'd', keyPrefix: district } : { kind: 'd' };
      const [districtCounts, topCounts, sourceCounts, platformCounts] = await Promise.all([
        readCounts(db, buckets, districtScope),
        district ? Promise.resolve(null) : readCounts(db, buckets, { kind: '' }),
        readCounts(db, buckets, bySourceScope),
        readCounts(db, buckets, byPlatformScope),
      ]);
      const durationsBy = async (scope: Scope, metrics: DurationMetric[]) => {
        const result = new Map<string, ScopeDurations>();
        const read = await readPercentilesOf(db, buckets, scope, metrics);
        for (const metric of metrics) {
          const name = metric === 'ackTime' ? 'ack' : metric === 'closeTime' ? 'close' : 'leadToAction';
          const prefix = scope.kind === 'd' ? undefined : scope.keyPrefix;
          for (const [key, value] of unprefixed(read.get(metric)!, prefix)) {
            result.set(key, { ...result.get(key), [name]: value satisfies Percentiles });
          }
        }
        return result;
      };
      const all: DurationMetric[] = ['ackTime', 'closeTime', 'leadToAction'];
      const districtDurations = await durationsBy(districtScope, all);
      const topDurations = district
        ? districtDurations.get(district)
        : (await durationsBy({ kind: '' }, all)).get('');
      const sourceDurations = await durationsBy(bySourceScope, ['closeTime', 'leadToAction']);
      const platformDurations = await durationsBy(byPlatformScope, ['leadToAction']);

      const nowByDistrict = await readNowFigures(db, now);
      const overallCounts = district ? districtCounts.get(district) : topCounts!.get('');
      const overallNow = district
        ? (nowByDistrict.get(district) ?? NO_NOW_FIGURES)
        : sumNowFigures(nowByDistrict.values());
      const overallFigures = figuresOf(overallCounts, topDurations ?? {}, overallNow);
      const perDayRate = (n: number) => Math.round((n / period.days) * 10) / 10;

      const districtCodes = (await db.execute('SELECT code FROM districts ORDER BY code')).rows
        .map((row) => String(row.code))
        .filter((code) => !district || code === district);
      const platforms = (await db.execute('SELECT id, name FROM platforms ORDER BY name, id')).rows.map(
        (row) => ({ id: String(row.id), name: String(row.name) }),
      );
      const sources = unprefixed(sourceCounts, prefix);
      const perPlatform = unprefixed(platformCounts, prefix);
      const byPlatform = platforms.map((platform) =>
        platformFiguresOf(
          platform,
          perPlatform.get(platform.id),
          platformDurations.get(platform.id)?.leadToAction,
        ),
      );

      const series = async (grain: 'day' | 'month') => {
        const read = await readSeries(db, period.from, period.to, top, grain);
        const rows: Array<Record<string, number | string>> = [];
        const keys: string[] = [];
        if (grain === 'day') {
          for (let day = Date.parse(period.from); day <= Date.parse(period.to); day += DAY_MS) {
            keys.push(new Date(day).toISOString().slice(0, 10));
          }
        } else {
          for (let month = period.from.slice(0, 7); month <= period.to.slice(0, 7); ) {
            keys.push(month);
            const [y, m] = month.split('-').map(Number) as [number, number];
            month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
          }
        }
        for (const key of keys) {
          const row: Record<string, number | string> = { [grain === 'day' ? 'date' : 'month']: key };
          for (const metric of COUNT_METRICS) row[metric] = read.get(key)?.get(metric) ?? 0;
          rows.push(row);
        }
        return rows;
      };
      const perDay = (await series('day')) as Array<Schema<'MetricsDay'>>;
      const perMonth = (await series('month')) as Array<Schema<'MetricsMonth'>>;

      const sections: Metrics['sections'] = legacySections(
        overallCounts,
        byPlatform,
        perPlatform,
        await readOverdueDeterminations(db, now, district),
      );
      const dayIndex = new Map(perDay.map((day) => [day.date, day]));
      for (const contribute of ctx.extensions.of(METRICS_SECTIONS)) {
        const contribution = await contribute(db, period);
        if (contribution.section) sections[contribution.section.name] = contribution.section.figures;
        for (const [date, counts] of Object.entries(contribution.perDay ?? {})) {
          const day = dayIndex.get(date);
          if (day) Object.assign(day, counts);
        }
      }

      return {
        from: period.from,
        to: period.to,
        generatedAt: now.toISOString(),
        districtCode: district ?? null,
        overall: {
          ...overallFigures,
          days: period.days,
          tipsPerDay: perDayRate(overallFigures.tips),
          leadsPerDay: perDayRate(overallFigures.leadsDispatched),
          yellowCards: overallCounts?.get('yellowCards') ?? 0,
          redCards: overallCounts?.get('redCards') ?? 0,
        },
        perDay,
        perMonth,
        districts: districtCodes.map((districtCode) => ({
          districtCode,
          ...figuresOf(
            districtCounts.get(districtCode),
            districtDurations.get(districtCode) ?? {},
            nowByDistrict.get(districtCode) ?? NO_NOW_FIGURES,
          ),
        })),
        bySource: SOURCES.map((source) =>
          sourceFigures(source, sources.get(source), sourceDurations.get(source) ?? {}),
        ),
        byPlatform,
        sections,
      };
    },
  };
}
