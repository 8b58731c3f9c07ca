import type { MiddlewareHandler } from 'hono';
import { sha256Hex } from '../crypto/hashing.js';
import type { AppEnv } from '../http/app-env.js';
import { clientAddress } from '../http/client-address.js';
import type { TipAccess } from './tip-access.js';
import type { TipService } from './tip-service.js';

/** What `requireTipAccess()` puts on the request context: the tip the reporter proved. */
export interface TipVariables {
  tip: TipAccess;
}

declare module 'hono' {
  interface ContextVariableMap extends TipVariables {}
}

/**
 * Authenticates a reporter for one tip: `Ezhili-Identity-Code` plus `Ezhili-Receipt-Secret`, or
 * plus the reporter session that owns the tip (run `optionalReporter()` first). Puts the tip on
 * `c.var.tip`, and keys idempotency by the tip so anonymous reporters never share a namespace.
 */
export function requireTipAccess(tips: TipService): MiddlewareHandler<AppEnv> {
  return async function requireTip(c, next) {
    const ctx = c.get('ctx');
    const tip = await tips.authenticate({
      identityCode: c.req.header('ezhili-identity-code'),
      receiptSecret: c.req.header('ezhili-receipt-secret'),
      reporterId: c.get('reporter')?.reporterId,
      clientAddress: clientAddress(c, ctx.config.trustProxy),
    });
    c.set('tip', tip);
    c.set('principal', `tip:${sha256Hex(tip.caseId).slice(0, 24)}`);
    await next();
  };
}
