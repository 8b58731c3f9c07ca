import { operation, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';
import { getRewardRules } from '../rewards/rewards-resource.js';
import { type TipAccess, withTipAccess } from './tip-access.js';

const claimReward = operation('claimReward', 'POST', '/rewards/claims');

/** Rewards as the reporter sees them (tag `rewards`): the published rules, and claiming one. */
export class ReporterRewardsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** The published reward rules (levels, amounts, conditions). */
  rules(options?: RequestOptions): Promise<Result<'getRewardRules'>> {
    return this.#transport.request(getRewardRules, {}, options);
  }

  /**
   * Claims the reward of a tip whose case closed with a confirmed violation. An anonymous tip
   * names the account to pay in `request.attachAccount`, unless the client is logged in.
   */
  claim(
    access: TipAccess,
    request: RequestBody<'claimReward'> = {},
    options?: RequestOptions,
  ): Promise<Result<'claimReward'>> {
    return this.#transport.request(claimReward, { body: request }, withTipAccess(access, options));
  }
}
