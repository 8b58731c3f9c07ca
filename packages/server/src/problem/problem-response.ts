import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { type Problem, ProblemError } from './problem-error.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Renders a problem document with the right media type and any extra headers. */
export function problemResponse(c: Context, error: ProblemError): Response {
  // Set by Hono's requestId middleware on every request; any app may render a problem.
  const requestId: string | undefined = c.get('requestId');
  const body: Problem = error.toProblem(requestId, c.req.path);
  const headers = new Headers(error.headers);
  headers.set('Content-Type', PROBLEM_CONTENT_TYPE);
  // A fresh Response drops headers set earlier on the context, so the request id is set again.
  if (requestId) headers.set('X-Request-Id', requestId);
  return new Response(JSON.stringify(body), { status: error.status, headers });
}

/**
 * Maps anything thrown to a ProblemError. Unknown errors become a bare 500: their messages may
 * quote SQL or input, so they go to the log (by name) and never to the client.
 */
export function toProblemError(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 413)
      return new ProblemError(413, { code: 'payload_too_large', detail: 'The request body is too large.' });
    return new ProblemError(status, { code: status === 401 ? 'unauthenticated' : 'http_error' });
  }
  return new ProblemError(500, {
    code: 'internal',
    detail: 'The server could not complete the request. Quote the requestId when you report it.',
  });
}
