import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';

/** What other modules know about a tip and show the reporter (never staff). */
export interface TipViewContribution {
  /** The reward state (rewards module). */
  reward?: Schema<'ReporterRewardState'> | null;
  /** Each opening of the sealed identity, when and why (identity / unsealing module). */
  identityAccessNotices?: Schema<'IdentityAccessNotice'>[];
}

export interface TipViewSubject {
  tipId: string;
  caseId: string;
  identityCode: string;
  reporterId: string | null;
}

export type TipViewContributor = (
  db: Executor,
  tip: TipViewSubject,
  /** The app context of the request (contributors hold per-app state, e.g. settings, keyed by it). */
  ctx: AppContext,
) => Promise<TipViewContribution>;

/**
 * Modules that add to the reporter's view of a tip push a contributor here at import time
 * (e.g. the rewards module its reward state). Contributions merge in order; notices concatenate.
 */
export const TIP_VIEW_CONTRIBUTORS: TipViewContributor[] = [];
