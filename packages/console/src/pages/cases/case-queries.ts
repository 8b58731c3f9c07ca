import type { RequestBody } from '@ezhili/sdk';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../auth/AuthContext.js';
import type { ServerCaseFilter } from './case-filters.js';

const PAGE_SIZE = 50;

/** The caller's case queue, a page at a time (cursor pagination), filtered by the server. */
export function useCaseList(filter: ServerCaseFilter) {
  const client = useClient();
  return useInfiniteQuery({
    queryKey: ['cases', 'list', filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      client.cases.list({
        ...(filter.state ? { state: filter.state } : {}),
        ...(filter.districtCode ? { districtCode: filter.districtCode } : {}),
        ...(filter.overdue ? { overdue: true } : {}),
        limit: PAGE_SIZE,
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
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
