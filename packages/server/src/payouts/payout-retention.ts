import type { IdSet } from '../db/id-set.js';

/** The reward claims paid out: settled, so retention need not keep the payee's identity for them. */
export function paidClaims(): IdSet {
  return { sql: `SELECT claim_id FROM payouts WHERE state = 'paid'`, args: [] };
}
