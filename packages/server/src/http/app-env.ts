import type { StaffPrincipal } from '../auth/staff-principal.js';
import type { AuthenticatedReporter } from '../identity/reporter-service.js';
import type { PlatformPrincipal } from '../platforms/platform-principal.js';
import type { TipAccess } from '../tips/tip-access.js';
import type { AppContext } from './app-context.js';

/** Hono's typing of what middleware puts on the request context. */
export interface AppEnv {
  Variables: {
    ctx: AppContext;
    requestId: string;
    /** The raw request body as received (JSON operations), for signature checks. */
    rawBody: string | undefined;
    /**
     * Who is calling, as set by the auth middleware: `staff:<id>`, `reporter:<session>`,
     * `platform:<id>` or `anonymous`. Idempotency keys are namespaced by it.
     */
    principal: string;
    staff: StaffPrincipal;
    /** Set by `requireReporter()` / `optionalReporter()` (absent for an anonymous reporter). */
    reporter: AuthenticatedReporter;
    /** Set by `requireTipAccess()`: the tip a reporter proved with code + secret or session. */
    tip: TipAccess;
    /** The platform that signed the request (`requirePlatform`). */
    platform: PlatformPrincipal;
  };
}
