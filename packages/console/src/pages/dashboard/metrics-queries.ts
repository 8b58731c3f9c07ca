import type { Result } from '@ezhili/sdk';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useClient } from '../../auth/AuthContext.js';
import type { MetricsPeriod } from './period.js';

export type Metrics = Result<'getMetrics'>;

/** The scheme's figures for a period; without one, the server's default (the last 30 days). */
export function useMetrics(period: MetricsPeriod | null) {
  const client = useClient();
  return useQuery({
    queryKey: ['metrics', period],
    queryFn: () =>
      client.metrics.get(
        period === null
          ? {}
          : 'since' in period
            ? { since: period.since }
            : { from: period.from, to: period.to },
      ),
    placeholderData: keepPreviousData,
  });
}

/** A number from a module's section of the metrics (sections are open-ended). */
export function sectionNumber(metrics: Metrics, section: string, key: string): number | null {
  const value = metrics.sections[section]?.[key];
  return typeof value === 'number' ? value : null;
}

export interface PlatformFigures {
  platformId: string;
  name: string;
  [figure: string]: string | number | null;
}

export function platformRows(metrics: Metrics): PlatformFigures[] {
  const rows = metrics.sections['platforms']?.['byPlatform'];
  return Array.isArray(rows) ? (rows as PlatformFigures[]) : [];
}
