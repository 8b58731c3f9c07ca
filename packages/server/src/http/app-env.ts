import type { OperationId } from '@ezhili/contract';
import type { AppContext } from './app-context.js';

/**
 * The request context variables the plumbing sets on every request. Middleware that adds its
 * own declares it beside itself, as Hono's own middleware do (\`StaffVariables\` in
 * auth/require-staff.ts, \`ReporterVariables\`, \`TipVariables\`, \`PlatformVariables\` in their
 * modules), so this file knows no domain module.
 */
export interface AppVariables {
  ctx: AppContext;
  requestId: string;
  /** The raw request body as received (JSON operations), for signature checks. */
  rawBody: string | undefined;
  /**
   * Who is calling, as set by the auth middleware: `staff:<id>`, `reporter:<session>`,
   * `tip:<hash>`, `platform:<id>` or `anonymous`. Idempotency keys are namespaced by it.
   */
  principal: string;
  /** The contract operation the request was routed to (unset for pages and unknown routes). */
  operationId: OperationId | undefined;
  /**
   * Set by the idempotency middleware when this request retries one whose first run committed
   * part of its work (`commitSoFar`) and died before its answer: the handler answers with the
   * state that run left instead of refusing to do it twice.
   */
  idempotencyResumed?: boolean;
}

/** Hono's typing of what the plumbing puts on the request context. */
export interface AppEnv {
  Variables: AppVariables;
}
