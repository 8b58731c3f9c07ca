import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { extensionPoint } from '../http/extension-point.js';

/** What other modules know about a tip and show the reporter (never staff). */
export interface TipViewContribution {
  /** The conversation with the handler (messages module). */
  messages?: Schema<'Message'>[];
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
  ctx: AppContext,
) => Promise<TipViewContribution>;

/**
 * The reporter's view of a tip (getTip), which other modules add to: a module contributes in its
 * `ServerModule` entry (`contribution(TIP_VIEW, …)`). Contributions merge in the order of the
 * modules list; messages and notices concatenate.
 */
export const TIP_VIEW = extensionPoint<TipViewContributor>('tip view');
