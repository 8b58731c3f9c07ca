import type { MetricsContributor } from '../metrics/metrics-contributors.js';
import { platformFigures } from './scorecard-service.js';

/**
 * The platforms' part of `getMetrics` (section `platforms`): per platform, leads dispatched,
 * timeliness, time from lead to action, take-downs, relisting decisions and cards in the
 * period; per day, leads dispatched and shops taken down. Counts and durations only.
 */
export const platformMetricsContributor: MetricsContributor = async (db, period) => {
  const range = {
    label: `${period.from}..${period.to}`,
    from: new Date(period.fromIso),
    to: new Date(period.toExclusiveIso),
  };
  const platforms = (await db.execute('SELECT id, name FROM platforms ORDER BY name, id')).rows;
  const byPlatform: Array<Record<string, string | number | null>> = [];
  for (const platform of platforms) {
    const figures = await platformFigures(db, String(platform.id), range);
    byPlatform.push({
      platformId: String(platform.id),
      name: String(platform.name),
      leadsDispatched: figures.leadsReceived,
      acknowledgedInTime: figures.acknowledgedInTime,
      takeDowns: figures.takeDowns,
      takeDownsInTime: figures.takeDownsInTime,
      medianLeadToActionHours:
        figures.medianLeadToActionSeconds === null
          ? null
          : Math.round((figures.medianLeadToActionSeconds / 3600) * 10) / 10,
      relistingApproved: figures.relisting.approved,
      relistingRejected: figures.relisting.rejected,
      yellowCards: figures.cards.yellow,
      redCards: figures.cards.red,
    });
  }
  const perDay: Record<string, Record<string, number>> = {};
  const bump = (date: string, name: string) => {
    perDay[date] ??= { leadsDispatched: 0, shopsTakenDown: 0 };
    perDay[date][name]! += 1;
  };
  const leads = await db.execute({
    sql: 'SELECT created_at FROM leads WHERE created_at >= ? AND created_at < ?',
    args: [period.fromIso, period.toExclusiveIso],
  });
  for (const row of leads.rows) bump(String(row.created_at).slice(0, 10), 'leadsDispatched');
  const takedowns = await db.execute({
    sql: 'SELECT taken_down_at FROM shop_takedowns WHERE taken_down_at >= ? AND taken_down_at < ?',
    args: [period.fromIso, period.toExclusiveIso],
  });
  for (const row of takedowns.rows) bump(String(row.taken_down_at).slice(0, 10), 'shopsTakenDown');
  const sum = (name: string) =>
    byPlatform.reduce((total, platform) => total + Number(platform[name] ?? 0), 0);
  return {
    section: {
      name: 'platforms',
      figures: {
        leadsDispatched: sum('leadsDispatched'),
        takeDowns: sum('takeDowns'),
        relistingApproved: sum('relistingApproved'),
        relistingRejected: sum('relistingRejected'),
        yellowCards: sum('yellowCards'),
        redCards: sum('redCards'),
        byPlatform,
      },
    },
    perDay,
  };
};
