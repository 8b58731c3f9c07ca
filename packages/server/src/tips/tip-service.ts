import type { Schema } from '@ezhili/contract';
import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { createTipAccess, type TipAccess, type TipCredentials } from './tip-access.js';
import { TIP_SETTINGS } from './tip-settings.js';
import { TIP_VIEW } from './tip-view-contributors.js';

export type TipView = Schema<'TipView'>;

/**
 * Tips after submission (see submit-tip.ts): a reporter proving a tip is theirs, and their view
 * of it.
 */
export function createTipService(ctx: AppContext) {
  const { db } = ctx;
  const settings = ctx.settings.of(TIP_SETTINGS);
  const access = createTipAccess(ctx, settings);

  const service = {
    settings,

    authenticate(credentials: TipCredentials): Promise<TipAccess> {
      return access.authenticate(credentials);
    },

    /**
     * The reporter's view: status and deadlines, and what other modules contribute (`TIP_VIEW`):
     * messages (never notes), reward, identity access notices.
     */
    async view(tip: TipAccess): Promise<TipView> {
      const row = (await db.execute({ sql: 'SELECT * FROM cases WHERE id = ?', args: [tip.caseId] }))
        .rows[0]!;
      const messages: TipView['messages'] = [];
      let reward: TipView['reward'] = null;
      const identityAccessNotices: TipView['identityAccessNotices'] = [];
      for (const contribute of ctx.extensions.of(TIP_VIEW)) {
        const contribution = await contribute(db, tip, ctx);
        messages.push(...(contribution.messages ?? []));
        if (contribution.reward !== undefined) reward = contribution.reward;
        identityAccessNotices.push(...(contribution.identityAccessNotices ?? []));
      }
      return {
        identityCode: tip.identityCode,
        status: row.state as TipView['status'],
        outcome: (row.outcome ?? null) as TipView['outcome'],
        submittedAt: String(row.received_at),
        category: String(row.category),
        districtCode: String(row.district_code),
        deadlines: {
          acknowledgeBy: String(row.acknowledge_by),
          feedbackBy: String(row.feedback_by),
          acknowledgedAt: textOrNull(row.acknowledged_at),
          feedbackGivenAt: textOrNull(row.feedback_given_at),
        },
        messages,
        reward,
        identityAccessNotices,
      };
    },
  };
  return service;
}

export type TipService = ReturnType<typeof createTipService>;

/**
 * Links an anonymous tip to a reporter account (when the reporter attaches one to claim a
 * reward). Refuses to move a tip that already belongs to another account.
 */
export async function linkTipToReporter(tx: Executor, tipId: string, reporterId: string): Promise<boolean> {
  const result = await tx.execute({
    sql: 'UPDATE tips SET reporter_id = ? WHERE id = ? AND (reporter_id IS NULL OR reporter_id = ?)',
    args: [reporterId, tipId, reporterId],
  });
  return result.rowsAffected === 1;
}
