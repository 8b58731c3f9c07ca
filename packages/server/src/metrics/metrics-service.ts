import type { Schema } from '@ezhili/contract';
import type { AppContext } from '../http/app-context.js';
import { badRequest } from '../problem/problem-error.js';
import { METRICS_SECTIONS, type MetricsPeriod } from './metrics-contributors.js';

export type Metrics = Schema<'Metrics'>;
type Figures = Schema<'MetricsFigures'>;

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_DAYS = 366;

interface CaseFacts {
  source: string;
  district: string;
  receivedAt: number;
  acknowledgedAt: number | null;
  closedAt: number | null;
  inPeriod: boolean;
  open: boolean;
  overdueAck: boolean;
  overdueFeedback: boolean;
}

/** Nearest-rank percentile of hours, rounded to a tenth; null for no data. */
export function percentileHours(valuesMs: number[], p: number): number | null {
  if (valuesMs.length === 0) return null;
  const sorted = [...valuesMs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return Math.round((sorted[rank - 1]! / 3_600_000) * 10) / 10;
}

function figuresOf(facts: CaseFacts[]): Figures {
  const received = facts.filter((f) => f.inPeriod);
  const closed = received.filter((f) => f.closedAt !== null);
  const ackTimes = received.flatMap((f) =>
    f.acknowledgedAt === null ? [] : [f.acknowledgedAt - f.receivedAt],
  );
  const closeTimes = closed.map((f) => f.closedAt! - f.receivedAt);
  return {
    tips: received.filter((f) => f.source === 'tip').length,
    platformLeads: received.filter((f) => f.source === 'platform_lead').length,
    casesClosed: closed.length,
    closureRate: received.length === 0 ? null : Math.round((closed.length / received.length) * 1000) / 1000,
    ackHoursMedian: percentileHours(ackTimes, 50),
    ackHoursP90: percentileHours(ackTimes, 90),
    closeHoursMedian: percentileHours(closeTimes, 50),
    closeHoursP90: percentileHours(closeTimes, 90),
    overdueAcknowledgement: facts.filter((f) => f.overdueAck).length,
    overdueFeedback: facts.filter((f) => f.overdueFeedback).length,
    openCases: facts.filter((f) => f.open).length,
  };
}

/**
 * Aggregate figures from the cases table: per day, overall and per district (the routing
 * district, i.e. the shop's). Only counts and durations leave this function.
 */
export function createMetricsService(ctx: AppContext) {
  const { db, clock } = ctx;

  return {
    async getMetrics(query: { from?: string; to?: string }): Promise<Metrics> {
      const now = clock.now();
      const today = now.toISOString().slice(0, 10);
      const to = query.to ?? today;
      const from = query.from ?? new Date(Date.parse(to) - 29 * DAY_MS).toISOString().slice(0, 10);
      const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
      if (!(days >= 1)) throw badRequest('invalid_period', '`from` must not be after `to`.');
      if (days > MAX_DAYS) throw badRequest('period_too_long', `A period covers at most ${MAX_DAYS} days.`);
      const period: MetricsPeriod = {
        from,
        to,
        fromIso: new Date(Date.parse(from)).toISOString(),
        toExclusiveIso: new Date(Date.parse(to) + DAY_MS).toISOString(),
        now,
      };
      const nowIso = now.toISOString();
      // Cases received in the period, plus every open case (for the overdue and open counts now).
      const rows = (
        await db.execute({
          sql: `SELECT source, shop_district_code, received_at, acknowledged_at, closed_at, state,
                       acknowledge_by, feedback_by, feedback_given_at
                FROM cases WHERE (received_at >= ? AND received_at < ?) OR state != 'closed'`,
          args: [period.fromIso, period.toExclusiveIso],
        })
      ).rows;
      const facts: CaseFacts[] = rows.map((row) => {
        const receivedAt = String(row.received_at);
        const open = row.state !== 'closed';
        return {
          source: String(row.source),
          district: String(row.shop_district_code),
          receivedAt: Date.parse(receivedAt),
          acknowledgedAt: row.acknowledged_at === null ? null : Date.parse(String(row.acknowledged_at)),
          closedAt: row.closed_at === null ? null : Date.parse(String(row.closed_at)),
          inPeriod: receivedAt >= period.fromIso && receivedAt < period.toExclusiveIso,
          open,
          overdueAck: open && row.acknowledged_at === null && String(row.acknowledge_by) < nowIso,
          overdueFeedback: open && row.feedback_given_at === null && String(row.feedback_by) < nowIso,
        };
      });

      const perDay = new Map<string, Schema<'MetricsDay'>>();
      for (let day = Date.parse(from); day <= Date.parse(to); day += DAY_MS) {
        const date = new Date(day).toISOString().slice(0, 10);
        perDay.set(date, { date, tips: 0, platformLeads: 0 } as Schema<'MetricsDay'>);
      }
      for (const fact of facts) {
        if (!fact.inPeriod) continue;
        const day = perDay.get(new Date(fact.receivedAt).toISOString().slice(0, 10))!;
        if (fact.source === 'tip') day.tips += 1;
        else day.platformLeads += 1;
      }

      const districtCodes = (await db.execute('SELECT code FROM districts ORDER BY code')).rows.map((row) =>
        String(row.code),
      );
      const sections: Metrics['sections'] = {};
      for (const contribute of ctx.extensions.of(METRICS_SECTIONS)) {
        const contribution = await contribute(db, period);
        if (contribution.section) sections[contribution.section.name] = contribution.section.figures;
        for (const [date, counts] of Object.entries(contribution.perDay ?? {})) {
          const day = perDay.get(date);
          if (day) Object.assign(day, counts);
        }
      }
      return {
        from,
        to,
        generatedAt: nowIso,
        overall: figuresOf(facts),
        perDay: [...perDay.values()],
        districts: districtCodes.map((districtCode) => ({
          districtCode,
          ...figuresOf(facts.filter((fact) => fact.district === districtCode)),
        })),
        sections,
      };
    },
  };
}
