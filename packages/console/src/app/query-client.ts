import { EzhiliNotFoundError, EzhiliPermissionError, EzhiliValidationError } from '@ezhili/sdk';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isSignedOutError } from '../auth/console-auth.js';

/**
 * Server state lives here only. A 401 anywhere ends the session; refusals and missing records
 * are not retried (the answer will not change).
 */
export function createQueryClient(onSignedOut: () => void): QueryClient {
  const onError = (error: unknown) => {
    if (isSignedOutError(error)) onSignedOut();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        retry: (count, error) =>
          count < 1 &&
          !isSignedOutError(error) &&
          !(error instanceof EzhiliPermissionError) &&
          !(error instanceof EzhiliNotFoundError) &&
          !(error instanceof EzhiliValidationError),
      },
      mutations: { retry: false },
    },
  });
}
