/**
 * How money leaves the regulator: a bank or payment provider behind one small interface. The
 * payout module calls `transfer` with an idempotency key that is fixed per payout, so an adapter
 * that honours the key (as banks' and providers' APIs do) makes retries and restarts safe.
 */
export interface PayoutTransfer {
  /** Fixed per payout; a second call with the same key must not pay again. */
  idempotencyKey: string;
  amountFen: number;
  currency: 'CNY';
  /** An opaque reference to the payee's sealed payout envelope, for reconciliation. */
  payeeRef: string;
  /**
   * The bank details from the opened payout envelope, for an adapter that instructs a real bank.
   * Adapters must not log or store them (the file ledger writes only `payeeRef`).
   */
  payee: { accountName: string; accountNumber: string; bankName: string };
}

export type PayoutResult =
  | { status: 'paid'; transferId: string; at: string }
  /** The bank refused for good (closed account, invalid number); `reason` is shown to the reporter. */
  | { status: 'failed'; reason: string };

export interface PayoutAdapter {
  readonly name: string;
  /**
   * Pays once per idempotency key: a repeated key returns the first result without paying
   * again. Throws when the outcome is unknown (network, timeout); the payout is then retried
   * later with the same key.
   */
  transfer(transfer: PayoutTransfer): Promise<PayoutResult>;
}
