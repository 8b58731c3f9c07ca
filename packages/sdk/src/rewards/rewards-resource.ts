import { operation, type QueryParams, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

export const getRewardRules = operation('getRewardRules', 'GET', '/rewards/rules');
const listRewardClaims = operation('listRewardClaims', 'GET', '/rewards/claims');
const getRewardClaim = operation('getRewardClaim', 'GET', '/rewards/claims/{claimId}');
const proposeReward = operation('proposeReward', 'POST', '/rewards/claims/{claimId}/proposal');
const determineReward = operation('determineReward', 'POST', '/rewards/claims/{claimId}/determination');
const approvePayout = operation('approvePayout', 'POST', '/rewards/claims/{claimId}/payout-approval');

/**
 * Reward claims as staff handle them (tag `rewards`): the handler proposes an amount, the
 * reward committee determines it, finance approves the payout.
 */
export class RewardsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** The published reward rules (levels, amounts, conditions); no credentials needed. */
  rules(options?: RequestOptions): Promise<Result<'getRewardRules'>> {
    return this.#transport.request(getRewardRules, {}, options);
  }

  listClaims(
    query: QueryParams<'listRewardClaims'> = {},
    options?: RequestOptions,
  ): Promise<Result<'listRewardClaims'>> {
    return this.#transport.request(listRewardClaims, { query }, options);
  }

  getClaim(claimId: string, options?: RequestOptions): Promise<Result<'getRewardClaim'>> {
    return this.#transport.request(getRewardClaim, { params: { claimId } }, options);
  }

  propose(
    claimId: string,
    body: RequestBody<'proposeReward'>,
    options?: RequestOptions,
  ): Promise<Result<'proposeReward'>> {
    return this.#transport.request(proposeReward, { params: { claimId }, body }, options);
  }

  determine(
    claimId: string,
    body: RequestBody<'determineReward'>,
    options?: RequestOptions,
  ): Promise<Result<'determineReward'>> {
    return this.#transport.request(determineReward, { params: { claimId }, body }, options);
  }

  approvePayout(
    claimId: string,
    body: RequestBody<'approvePayout'>,
    options?: RequestOptions,
  ): Promise<Result<'approvePayout'>> {
    return this.#transport.request(approvePayout, { params: { claimId }, body }, options);
  }
}
