import {
  createReporterClient,
  EzhiliConnectionError,
  EzhiliError,
  type Problem as ProblemDocument,
  type ReporterClient,
} from '@ezhili/sdk';

/**
 * The form's API client: `@ezhili/sdk` on the page's own origin. The form is served by the
 * regulator's server, so these are same-origin calls: no CORS, codes and secrets in headers,
 * nothing visible to the host page. The SDK retries lost connections with the same
 * Idempotency-Key and reports upload progress through XMLHttpRequest.
 */
export const reporter: ReporterClient = createReporterClient({ baseUrl: location.origin, maxRetries: 2 });

/** What the form shows of a refusal: the problem document's status, code, detail and field errors. */
export type Problem = Pick<ProblemDocument, 'status'> &
  Partial<Pick<ProblemDocument, 'code' | 'detail' | 'errors'>>;

/** What went wrong, for the form's messages: no answer at all, or a refusal (a problem). */
export type Failure = { kind: 'network' } | { kind: 'problem'; problem: Problem };

export function failureOf(error: unknown): Failure {
  if (
    error instanceof EzhiliError &&
    !(error instanceof EzhiliConnectionError) &&
    error.status !== undefined
  ) {
    const problem = error.problem;
    return {
      kind: 'problem',
      problem: {
        status: error.status,
        code: error.code,
        detail: problem?.detail ?? error.message,
        errors: problem?.errors,
      },
    };
  }
  return { kind: 'network' };
}
