import type { QueryParams, RequestBody, Schema } from '@ezhili/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useClient } from '../../auth/AuthContext.js';

export type RewardClaim = Schema<'RewardClaim'>;
export type RewardClaimState = Schema<'RewardClaimState'>;

export function useRewardClaims(query: QueryParams<'listRewardClaims'>) {
  const client = useClient();
  return useQuery({
    queryKey: ['rewards', 'claims', query],
    queryFn: () => client.rewards.listClaims(query),
  });
}

export function useRewardRules() {
  const client = useClient();
  return useQuery({
    queryKey: ['rewards', 'rules'],
    queryFn: () => client.rewards.rules(),
    staleTime: 10 * 60_000,
  });
}

function useClaimMutation<Body>(call: (body: Body) => Promise<RewardClaim>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['rewards'] }),
  });
}

export function usePropose(claimId: string) {
  const client = useClient();
  return useClaimMutation((body: RequestBody<'proposeReward'>) => client.rewards.propose(claimId, body));
}

export function useDetermine(claimId: string) {
  const client = useClient();
  return useClaimMutation((body: RequestBody<'determineReward'>) => client.rewards.determine(claimId, body));
}

export function useApprovePayout(claimId: string) {
  const client = useClient();
  return useClaimMutation((body: RequestBody<'approvePayout'>) =>
    client.rewards.approvePayout(claimId, body),
  );
}
