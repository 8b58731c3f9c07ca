import type { TipViewContributor } from '../tips/tip-view-contributors.js';
import { createRewardService } from './reward-service.js';

/** The reward state in the reporter's view of their tip (getTip). */
export const rewardTipView: TipViewContributor = async (_db, tip, ctx) => ({
  reward: await createRewardService(ctx).reporterState(tip),
});
