import type { RequestBody } from '@ezhili/sdk';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../auth/AuthContext.js';
import { type CaseFilter, type CaseSummary, listQuery } from './case-filters.js';

export const PAGE_SIZE = 50;
/** Requests one page may take: a filter checked on a window may answer a short page first. */
const FETCHES_PER_PAGE = 5;

/**
 * The caller's case queue, a page at a time (cursor pagination), filtered by the server. A
 * category or text filter is checked on a window of the queue per request (docs/scaling.md §
 * Lists), so a short page is followed on until it is full, the list ends, or five requests.
 */
export function useCaseList(filter: CaseFilter) {
  const client = useClient();
  return useInfiniteQuery({
    queryKey: ['cases', 'list', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) => {
      const items: CaseSummary[] = [];
      let cursor = pageParam;
      for (let fetches = 0; fetches < FETCHES_PER_PAGE; fetches++) {
        const page = await client.cases.list({
          ...listQuery(filter),
          limit: PAGE_SIZE - items.length,
          ...(cursor ? { cursor } : {}),
        });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        if (!cursor || items.length >= PAGE_SIZE) break;
      }
      return { items, nextCursor: cursor ?? null };
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** How many cases each queue holds, for the state buttons (within the unit and district asked). */
export function useCaseCounts(filter: Pick<CaseFilter, 'assignedUnit' | 'districtCode'>) {
  const client = useClient();
  return useQuery({
    queryKey: ['cases', 'counts', filter],
    queryFn: () => client.cases.counts(listQuery(filter)),
  });
}

/** The officers of the caller's units: who a case can be assigned to, and the queue's officer filter. */
export function useOfficers() {
  const client = useClient();
  return useQuery({
    queryKey: ['officers'],
    queryFn: async () => (await client.cases.officers()).items,
    staleTime: 60_000,
  });
}

export function useCase(caseId: string) {
  const client = useClient();
  return useQuery({ queryKey: ['cases', 'detail', caseId], queryFn: () => client.cases.get(caseId) });
}

/** A mutation on one case that refreshes the case and the queues after it. */
function useCaseMutation<Body>(call: (body: Body) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['cases'] }),
  });
}

export function useTriage(caseId: string) {
  const client = useClient();
  return useCaseMutation((body: RequestBody<'triageCase'>) => client.cases.triage(caseId, body));
}

export function useTransition(caseId: string) {
  const client = useClient();
  return useCaseMutation((body: RequestBody<'transitionCase'>) => client.cases.transition(caseId, body));
}

export function useAddNote(caseId: string) {
  const client = useClient();
  return useCaseMutation((body: RequestBody<'addCaseNote'>) => client.cases.addNote(caseId, body));
}

export function usePostMessage(caseId: string) {
  const client = useClient();
  return useCaseMutation((body: RequestBody<'postCaseMessage'>) => client.cases.postMessage(caseId, body));
}

/** Routes the selected cases to one unit, all or nothing (the queue's bulk action). */
export function useRouteCases() {
  const client = useClient();
  return useCaseMutation((body: RequestBody<'routeCases'>) => client.cases.route(body));
}

export function useAssignOfficer(caseId: string) {
  const client = useClient();
  return useCaseMutation((body: RequestBody<'assignCaseOfficer'>) =>
    client.cases.assignOfficer(caseId, body),
  );
}

/** Places a legal hold on the case (auditors, admins); the case page shows it. */
export function usePlaceLegalHold(caseId: string) {
  const client = useClient();
  return useCaseMutation((body: RequestBody<'placeLegalHold'>) => client.retention.placeHold(caseId, body));
}

export function useReleaseLegalHold(caseId: string) {
  const client = useClient();
  return useCaseMutation((body: RequestBody<'releaseLegalHold'>) =>
    client.retention.releaseHold(caseId, body),
  );
}
