import { parseIdentityCode } from '../cases/identity-code.js';
import { constantTimeEqual, sha256Hex } from '../crypto/hashing.js';
import { textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { reporterBlindIndex } from '../identity/identity-keys.js';
import { notFound, tooManyRequests } from '../problem/problem-error.js';
import type { TipSettings } from './tip-settings.js';

/** How a reporter proves a tip is theirs: the receipt secret, or the session that owns it. */
export interface TipCredentials {
  identityCode: string | undefined;
  receiptSecret: string | undefined;
  /** The account of a valid reporter session, if one was sent. */
  reporterId: string | undefined;
  clientAddress: string;
}

export interface TipAccess {
  tipId: string;
  caseId: string;
  identityCode: string;
  reporterId: string | null;
}

// Compared against when the code is unknown, so both answers take the same work.
const DUMMY_HASH = sha256Hex('no tip has this secret');

export function hashReceiptSecret(secret: string): string {
  return sha256Hex(`ezhili receipt secret\n${secret}`);
}

/** The one answer for an unknown code, a wrong secret and someone else's session. */
export const tipNotFound = () =>
  notFound('No tip matches this identity code and receipt secret.', 'tip_not_found');

/**
 * Resolves a reporter's credentials to their tip. Every failure looks the same (404). The right
 * secret, or the session that owns the tip, always opens it: limits that refused them would lock
 * out the innocent (a reporter behind the same carrier NAT as a guesser, a reporter whose code
 * staff typed wrong secrets for) and protect nothing, since a 256-bit secret cannot be guessed.
 * Wrong attempts are slowed down on what the attacker must guess and where they come from:
 * - per identity code, exponential backoff: past `lookupMaxFailuresPerCode` failures in the
 *   window, each further failure opens a pause of 1 s, 2 s, 4 s … (up to the window) during which
 *   wrong attempts on that code get 429 with `Retry-After`;
 * - per client address: past `lookupMaxFailuresPerAddress` failures, its wrong attempts get 429.
 * A refused (429) attempt writes nothing, so a flood costs reads, not rows.
 */
export function createTipAccess(ctx: AppContext, settings: TipSettings) {
  const { db, clock } = ctx;
  const windowMs = settings.lookupWindowSeconds * 1000;

  async function failures(scope: 'address' | 'code', subject: string) {
    const result = await db.execute({
      sql: `SELECT count(*) AS n, max(at) AS last FROM tip_lookup_failures
            WHERE scope = ? AND subject = ? AND at > ?`,
      args: [scope, subject, clock.now().getTime() - windowMs],
    });
    return { count: Number(result.rows[0]?.n ?? 0), last: Number(result.rows[0]?.last ?? 0) };
  }

  /** Seconds a wrong attempt must still wait, or 0 when it may be answered (and counted). */
  async function waitSeconds(address: string, codeSubject: string): Promise<number> {
    const now = clock.now().getTime();
    const code = await failures('code', codeSubject);
    const over = code.count - settings.lookupMaxFailuresPerCode;
    if (over >= 0) {
      const pauseMs = Math.min(1000 * 2 ** over, windowMs);
      if (now < code.last + pauseMs) return Math.ceil((code.last + pauseMs - now) / 1000);
    }
    if ((await failures('address', address)).count >= settings.lookupMaxFailuresPerAddress) {
      return settings.lookupWindowSeconds;
    }
    return 0;
  }

  return {
    async authenticate(credentials: TipCredentials): Promise<TipAccess> {
      // Keyed, not a plain hash: the IPv4 space is small enough to reverse a plain SHA-256.
      const address = reporterBlindIndex(ctx.config, 'address', credentials.clientAddress);
      const code = parseIdentityCode(credentials.identityCode ?? '');
      const codeSubject = sha256Hex(`code\n${code ?? credentials.identityCode ?? ''}`);
      const row = code
        ? (
            await db.execute({
              sql: `SELECT t.id, t.case_id, t.receipt_secret_hash, t.reporter_id, c.identity_code
                    FROM tips t JOIN cases c ON c.id = t.case_id WHERE c.identity_code = ?`,
              args: [code],
            })
          ).rows[0]
        : undefined;
      const secretMatches = constantTimeEqual(
        hashReceiptSecret(credentials.receiptSecret ?? ''),
        row ? String(row.receipt_secret_hash) : DUMMY_HASH,
      );
      const sessionMatches =
        row !== undefined &&
        credentials.reporterId !== undefined &&
        row.reporter_id !== null &&
        constantTimeEqual(String(row.reporter_id), credentials.reporterId);
      if (!row || !(secretMatches || sessionMatches)) {
        const wait = await waitSeconds(address, codeSubject);
        if (wait > 0) throw tooManyRequests(wait);
        const at = clock.now().getTime();
        await db.batch([
          {
            sql: 'INSERT INTO tip_lookup_failures (scope, subject, at) VALUES (?, ?, ?)',
            args: ['address', address, at],
          },
          {
            sql: 'INSERT INTO tip_lookup_failures (scope, subject, at) VALUES (?, ?, ?)',
            args: ['code', codeSubject, at],
          },
          { sql: 'DELETE FROM tip_lookup_failures WHERE at < ?', args: [at - windowMs] },
        ]);
        throw tipNotFound();
      }
      return {
        tipId: String(row.id),
        caseId: String(row.case_id),
        identityCode: String(row.identity_code),
        reporterId: textOrNull(row.reporter_id),
      };
    },
  };
}
export type TipAccessService = ReturnType<typeof createTipAccess>;
