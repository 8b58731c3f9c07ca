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
 * Resolves a reporter's credentials to their tip. Every failure looks the same (404) and counts
 * against the client address and the code. Past the address limit every request from that
 * address is refused (429); past the code limit wrong attempts are refused (429) while the right
 * secret still opens the tip.
 */
export function createTipAccess(ctx: AppContext, settings: TipSettings) {
  const { db, clock } = ctx;

  async function failures(scope: 'address' | 'code', subject: string): Promise<number> {
    const since = clock.now().getTime() - settings.lookupWindowSeconds * 1000;
    const result = await db.execute({
      sql: 'SELECT count(*) AS n FROM tip_lookup_failures WHERE scope = ? AND subject = ? AND at > ?',
      args: [scope, subject, since],
    });
    return Number(result.rows[0]?.n ?? 0);
  }

  return {
    async authenticate(credentials: TipCredentials): Promise<TipAccess> {
      // Keyed, not a plain hash: the IPv4 space is small enough to reverse a plain SHA-256.
      const address = reporterBlindIndex(ctx.config, 'address', credentials.clientAddress);
      const code = parseIdentityCode(credentials.identityCode ?? '');
      const codeSubject = sha256Hex(`code\n${code ?? credentials.identityCode ?? ''}`);
      if ((await failures('address', address)) >= settings.lookupMaxFailuresPerAddress) {
        throw tooManyRequests(settings.lookupWindowSeconds);
      }
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
        // Too many failures for this code slow further guesses down, but never lock out the
        // holder of the right secret: staff know identity codes, and must not be able to shut a
        // reporter out of their own tip by typing wrong secrets.
        if ((await failures('code', codeSubject)) >= settings.lookupMaxFailuresPerCode) {
          throw tooManyRequests(settings.lookupWindowSeconds);
        }
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
          {
            sql: 'DELETE FROM tip_lookup_failures WHERE at < ?',
            args: [at - settings.lookupWindowSeconds * 1000],
          },
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
