import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import { tooManyRequests } from '../problem/problem-error.js';

/**
 * Counts failed logins per account and per client address in the `login_failures` table (so
 * the limit holds across instances) and refuses further attempts with 429 once either count
 * reaches its limit within LOGIN_WINDOW_SECONDS, whether or not the next password is right.
 *
 * Callers pass subjects that are already hashed (staff: SHA-256 of the email and address;
 * reporters: keyed blind indexes), and a scope prefix so staff and reporter counts stay apart.
 */
export function createLoginRateLimiter(
  deps: { db: Database; clock: Clock; config: Pick<Config, 'loginRateLimit'> },
  scopes: { account: string; address: string },
) {
  const { db, clock, config } = deps;
  const limits = config.loginRateLimit;

  async function recentFailures(scope: string, subject: string): Promise<number> {
    const since = clock.now().getTime() - limits.windowSeconds * 1000;
    const result = await db.execute({
      sql: 'SELECT count(*) AS n FROM login_failures WHERE scope = ? AND subject = ? AND at > ?',
      args: [scope, subject, since],
    });
    return Number(result.rows[0]?.n ?? 0);
  }

  return {
    /** Throws 429 when the account or the address is over its limit (`account: null`: address only). */
    async check(account: string | null, address: string): Promise<void> {
      if (
        (account !== null &&
          (await recentFailures(scopes.account, account)) >= limits.maxFailuresPerAccount) ||
        (await recentFailures(scopes.address, address)) >= limits.maxFailuresPerAddress
      ) {
        throw tooManyRequests(limits.windowSeconds);
      }
    },

    /**
     * Records one failure (or, for a limit on an action rather than on failures, one attempt)
     * for both subjects (`account: null`: the address only); prunes entries past the window.
     */
    async recordFailure(account: string | null, address: string): Promise<void> {
      const at = clock.now().getTime();
      const insert = (scope: string, subject: string) => ({
        sql: 'INSERT INTO login_failures (scope, subject, at) VALUES (?, ?, ?)',
        args: [scope, subject, at],
      });
      await db.batch([
        ...(account === null ? [] : [insert(scopes.account, account)]),
        insert(scopes.address, address),
        { sql: 'DELETE FROM login_failures WHERE at < ?', args: [at - limits.windowSeconds * 1000] },
      ]);
    },

    /** A successful login clears the account's failures (not the address's). */
    async clearAccount(account: string): Promise<void> {
      await db.execute({
        sql: 'DELETE FROM login_failures WHERE scope = ? AND subject = ?',
        args: [scopes.account, account],
      });
    },
  };
}
export type LoginRateLimiter = ReturnType<typeof createLoginRateLimiter>;
