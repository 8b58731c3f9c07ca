import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { extensionPoint } from '../http/extension-point.js';

/** A listing that would bring an offline shop of the registry back online. */
export interface OnlineAttempt {
  shopId: string;
  platformId: string;
  /** The row of the feed or file that asks for it. */
  row: number;
}

/** A guard's objection to one attempt: refused (the row is not loaded) or accepted but recorded. */
export interface OnlineObjection extends OnlineAttempt {
  refuse: boolean;
  code: string;
  reason: string;
}

/** Where an attempt came from: a platform's signed feed, or a file imported by an operator. */
export type OnlineAttemptSource = 'feed' | 'import';

/**
 * What may stop a shop from going online (the relisting module: a take-down not cleared by an
 * approved relisting request). `check` only reads; `record` writes what the objections mean
 * (breaches, audit events), so a caller that refuses a whole request records before it throws.
 */
export interface ShopOnlineGuard {
  check(ctx: AppContext, db: Executor, attempts: readonly OnlineAttempt[]): Promise<OnlineObjection[]>;
  record(ctx: AppContext, objections: readonly OnlineObjection[], source: OnlineAttemptSource): Promise<void>;
}

export const SHOP_ONLINE_GUARD = extensionPoint<ShopOnlineGuard>('shop online guard');

/** Asks every guard about the attempts; the objections of all of them. */
export async function checkOnlineAttempts(
  ctx: AppContext,
  db: Executor,
  attempts: readonly OnlineAttempt[],
): Promise<{ guard: ShopOnlineGuard; objections: OnlineObjection[] }[]> {
  if (attempts.length === 0) return [];
  const answers = [];
  for (const guard of ctx.extensions.of(SHOP_ONLINE_GUARD)) {
    const objections = await guard.check(ctx, db, attempts);
    if (objections.length > 0) answers.push({ guard, objections });
  }
  return answers;
}
