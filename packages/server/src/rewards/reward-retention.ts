import type { IdSet } from '../db/id-set.js';

/**
 * The tips whose reward claim is not settled (`paid`: the claims paid out): their reporter's
 * identity is needed to pay, so retention keeps it. Claims are finance records and stay.
 */
export function tipsWithUnsettledRewards(paid: IdSet): IdSet {
  return { sql: `SELECT tip_id FROM reward_claims WHERE id NOT IN (${paid.sql})`, args: paid.args };
}
