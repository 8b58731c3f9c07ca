import type { QueryParams, Schema } from '@ezhili/sdk';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../auth/AuthContext.js';

export type Platform = Schema<'Platform'>;
export type PlatformScorecard = Schema<'PlatformScorecard'>;
export type Lead = Schema<'Lead'>;
export type WebhookDelivery = Schema<'WebhookDelivery'>;
export type PlatformCard = Schema<'PlatformCard'>;

/**
 * The platforms the scheme works with. The contract has no "list platforms" operation; the
 * metrics' per-platform section names every registered platform, so the list comes from there.
 */
export function usePlatformList() {
  const client = useClient();
  return useQuery({
    queryKey: ['platforms', 'list'],
    queryFn: async () => {
      const metrics = await client.metrics.get();
      const rows = metrics.sections['platforms']?.['byPlatform'];
      return Array.isArray(rows)
        ? (rows as Array<{ platformId: string; name: string } & Record<string, unknown>>)
        : [];
    },
  });
}

export function usePlatform(platformId: string) {
  const client = useClient();
  return useQuery({ queryKey: ['platforms', platformId], queryFn: () => client.platforms.get(platformId) });
}

/** The last `count` calendar months, oldest first, as scorecard periods (YYYY-MM), ending at `today`. */
export function lastMonths(today: string, count: number): string[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const periods: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const index = year * 12 + (month - 1) - back;
    periods.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return periods;
}

export function useScorecards(platformId: string, periods: readonly string[]) {
  const client = useClient();
  return useQueries({
    queries: periods.map((period) => ({
      queryKey: ['platforms', platformId, 'scorecard', period],
      queryFn: () => client.scorecards.get(platformId, { period }),
    })),
  });
}

export function usePlatformLeads(platformId: string, query: QueryParams<'listPlatformLeads'>) {
  const client = useClient();
  return useQuery({
    queryKey: ['leads', platformId, query],
    queryFn: () => client.leads.list(platformId, { ...query, limit: 200 }),
  });
}

export function usePlatformCards(platformId: string) {
  const client = useClient();
  return useQuery({
    queryKey: ['platforms', platformId, 'cards'],
    queryFn: () => client.scorecards.listCards(platformId, { limit: 200 }),
  });
}

export function useDeliveries(platformId: string, query: QueryParams<'listWebhookDeliveries'>) {
  const client = useClient();
  return useQuery({
    queryKey: ['platforms', platformId, 'deliveries', query],
    queryFn: () => client.platforms.listWebhookDeliveries(platformId, { ...query, limit: 200 }),
  });
}

export function useRetryDelivery(platformId: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => client.platforms.retryWebhookDelivery(platformId, deliveryId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['platforms', platformId, 'deliveries'] }),
  });
}
