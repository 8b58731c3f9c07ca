import type { Schema } from '@ezhili/contract';
import type { NowFigures } from './metrics-now.js';
import type { Percentiles } from './rollup-reader.js';

export type Figures = Schema<'MetricsFigures'>;
type Counts = Map<string, number> | undefined;

export const count = (counts: Counts, metric: string) => counts?.get(metric) ?? 0;
/** A share rounded to three decimals; null when nothing was counted. */
export const rate = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;

const NONE: Percentiles = { median: null, p90: null };

export interface ScopeDurations {
  ack?: Percentiles;
  close?: Percentiles;
  leadToAction?: Percentiles;
}

/** The figures of one scope from its summed counts, its percentiles and its now-figures. */
export function figuresOf(counts: Counts, durations: ScopeDurations, now: NowFigures): Figures {
  const received = count(counts, 'tips') + count(counts, 'platformLeads');
  const ack = durations.ack ?? NONE;
  const close = durations.close ?? NONE;
  const leadToAction = durations.leadToAction ?? NONE;
  return {
    tips: count(counts, 'tips'),
    platformLeads: count(counts, 'platformLeads'),
    casesClosed: count(counts, 'casesClosed'),
    closureRate: rate(count(counts, 'casesClosed'), received),
    ackHoursMedian: ack.median,
    ackHoursP90: ack.p90,
    closeHoursMedian: close.median,
    closeHoursP90: close.p90,
    overdueAcknowledgement: now.overdueAcknowledgement,
    overdueFeedback: now.overdueFeedback,
    openCases: now.openCases,
    tipsAccepted: count(counts, 'tipsAccepted'),
    violationsConfirmed: count(counts, 'violationsConfirmed'),
    leadsDispatched: count(counts, 'leadsDispatched'),
    leadsActioned: count(counts, 'leadsActioned'),
    leadClosureRate: rate(count(counts, 'leadsActioned'), count(counts, 'leadsDispatched')),
    leadToActionHoursMedian: leadToAction.median,
    leadToActionHoursP90: leadToAction.p90,
    shopsTakenDown: count(counts, 'shopsTakenDown'),
    relistingApproved: count(counts, 'relistingApproved'),
    relistingRejected: count(counts, 'relistingRejected'),
    rewardsClaimed: count(counts, 'rewardsClaimed'),
    rewardsPaid: count(counts, 'rewardsPaid'),
    rewardsPaidFen: count(counts, 'rewardsPaidFen'),
  };
}

export function sourceFigures(
  source: Schema<'MetricsSourceFigures'>['source'],
  counts: Counts,
  durations: ScopeDurations,
): Schema<'MetricsSourceFigures'> {
  const received = count(counts, 'tips') + count(counts, 'platformLeads');
  return {
    source,
    casesReceived: received,
    casesClosed: count(counts, 'casesClosed'),
    closureRate: rate(count(counts, 'casesClosed'), received),
    closeHoursMedian: durations.close?.median ?? null,
    leadsDispatched: count(counts, 'leadsDispatched'),
    leadsActioned: count(counts, 'leadsActioned'),
    leadClosureRate: rate(count(counts, 'leadsActioned'), count(counts, 'leadsDispatched')),
    leadToActionHoursMedian: durations.leadToAction?.median ?? null,
  };
}

export function platformFiguresOf(
  platform: { id: string; name: string },
  counts: Counts,
  leadToAction: Percentiles | undefined,
): Schema<'MetricsPlatformFigures'> {
  const received = count(counts, 'tips') + count(counts, 'platformLeads');
  return {
    platformId: platform.id,
    name: platform.name,
    casesReceived: received,
    casesClosed: count(counts, 'casesClosed'),
    closureRate: rate(count(counts, 'casesClosed'), received),
    leadsDispatched: count(counts, 'leadsDispatched'),
    leadsAcknowledgedInTime: count(counts, 'leadsAcknowledgedInTime'),
    leadsActioned: count(counts, 'leadsActioned'),
    leadClosureRate: rate(count(counts, 'leadsActioned'), count(counts, 'leadsDispatched')),
    leadToActionHoursMedian: leadToAction?.median ?? null,
    leadToActionHoursP90: leadToAction?.p90 ?? null,
    leadTakeDowns: count(counts, 'leadTakeDowns'),
    shopsTakenDown: count(counts, 'shopsTakenDown'),
    relistingApproved: count(counts, 'relistingApproved'),
    relistingRejected: count(counts, 'relistingRejected'),
    yellowCards: count(counts, 'yellowCards'),
    redCards: count(counts, 'redCards'),
  };
}

/** The `platforms` and `rewards` sections, in the shapes they had before the rollups. */
export function legacySections(
  overall: Counts,
  platforms: Array<Schema<'MetricsPlatformFigures'>>,
  platformCounts: Map<string, Map<string, number>>,
  overdueDeterminations: number,
) {
  const byPlatform = platforms.map((p) => ({
    platformId: p.platformId,
    name: p.name,
    leadsDispatched: p.leadsDispatched,
    acknowledgedInTime: p.leadsAcknowledgedInTime,
    takeDowns: p.leadTakeDowns,
    takeDownsInTime: count(platformCounts.get(p.platformId), 'leadTakeDownsInTime'),
    medianLeadToActionHours: p.leadToActionHoursMedian,
    relistingApproved: p.relistingApproved,
    relistingRejected: p.relistingRejected,
    yellowCards: p.yellowCards,
    redCards: p.redCards,
  }));
  return {
    platforms: {
      leadsDispatched: count(overall, 'leadsDispatched'),
      takeDowns: count(overall, 'leadTakeDowns'),
      relistingApproved: count(overall, 'relistingApproved'),
      relistingRejected: count(overall, 'relistingRejected'),
      yellowCards: count(overall, 'yellowCards'),
      redCards: count(overall, 'redCards'),
      byPlatform,
    },
    rewards: {
      eligibleTips: count(overall, 'eligibleTips'),
      claims: count(overall, 'rewardsClaimed'),
      determined: count(overall, 'rewardsDetermined'),
      paid: count(overall, 'rewardsPaid'),
      paidFen: count(overall, 'rewardsPaidFen'),
      payoutsFailed: count(overall, 'payoutsFailed'),
      overdueDeterminations,
    },
  };
}
