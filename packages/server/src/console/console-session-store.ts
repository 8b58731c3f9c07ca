import type { ConsoleSessionState, ConsoleSessionVerifier } from '../auth/console-session.js';
import { isStaffRole, type StaffPrincipal } from '../auth/staff-principal.js';
import { loadActiveStaff } from '../auth/staff-tokens.js';
import type { Clock } from '../clock/clock.js';
import { randomSecret, sha256Hex } from '../crypto/hashing.js';
import type { Database } from '../db/database.js';
import { unauthorized } from '../problem/problem-error.js';

/** Activity refreshes the idle clock at most this often (one write per session per interval). */
const TOUCH_INTERVAL_MS = 5_000;
/** Ended and expired rows are kept this long (for nothing but a later look), then deleted. */
const KEEP_ENDED_MS = 24 * 3600 * 1000;

export interface NewConsoleSession {
  staff: StaffPrincipal;
  idleTimeoutSeconds: number;
  maxSessionSeconds: number;
}

const expired = () => unauthorized('The console session has expired; sign in again.', 'session_expired');

/**
 * Console sessions: an opaque random token in the cookie, its SHA-256 as the row id, a CSRF
 * token beside it, an idle clock refreshed by activity and an absolute end. A local session
 * reads the account afresh on every request (disabling a user or changing roles applies at
 * once); an OIDC session keeps the provider's claims as they were at sign-in.
 */
export function createConsoleSessionStore(db: Database, clock: Clock) {
  function stateOf(row: Record<string, unknown>, lastSeen: number): ConsoleSessionState {
    const idle = Number(row.idle_timeout_seconds);
    const expiresAt = Number(row.expires_at);
    return {
      id: String(row.id),
      csrfToken: String(row.csrf_token),
      source: row.source === 'oidc' ? 'oidc' : 'local',
      idleTimeoutSeconds: idle,
      idleExpiresAt: new Date(Math.min(lastSeen + idle * 1000, expiresAt)),
      expiresAt: new Date(expiresAt),
    };
  }

  async function principalOf(row: Record<string, unknown>): Promise<StaffPrincipal | undefined> {
    if (row.source !== 'oidc') return loadActiveStaff(db, String(row.staff_id));
    const claims = JSON.parse(String(row.principal)) as StaffPrincipal;
    return { ...claims, roles: claims.roles.filter(isStaffRole), source: 'oidc' };
  }

  const store = {
    /** Opens a session; the token goes into the cookie and nowhere else. */
    async create(input: NewConsoleSession): Promise<{ token: string; session: ConsoleSessionState }> {
      const token = randomSecret(32);
      const now = clock.now().getTime();
      const row = {
        id: sha256Hex(token),
        staff_id: input.staff.id,
        source: input.staff.source,
        csrf_token: randomSecret(24),
        idle_timeout_seconds: input.idleTimeoutSeconds,
        expires_at: now + input.maxSessionSeconds * 1000,
      };
      await db.batch([
        {
          sql: 'DELETE FROM console_sessions WHERE expires_at < ? OR ended_at < ?',
          args: [now - KEEP_ENDED_MS, now - KEEP_ENDED_MS],
        },
        {
          sql: `INSERT INTO console_sessions
                  (id, staff_id, source, principal, csrf_token, idle_timeout_seconds, created_at, last_seen_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            row.id,
            row.staff_id,
            row.source,
            input.staff.source === 'oidc' ? JSON.stringify(input.staff) : null,
            row.csrf_token,
            row.idle_timeout_seconds,
            now,
            now,
            row.expires_at,
          ],
        },
      ]);
      return { token, session: stateOf(row, now) };
    },

    async authenticate(token: string): Promise<{ staff: StaffPrincipal; session: ConsoleSessionState }> {
      const id = sha256Hex(token);
      const row = (
        await db.execute({
          sql: 'SELECT * FROM console_sessions WHERE id = ? AND ended_at IS NULL',
          args: [id],
        })
      ).rows[0];
      if (!row) throw expired();
      const now = clock.now().getTime();
      const lastSeen = Number(row.last_seen_at);
      if (now >= Number(row.expires_at) || now >= lastSeen + Number(row.idle_timeout_seconds) * 1000) {
        await db.execute({ sql: 'UPDATE console_sessions SET ended_at = ? WHERE id = ?', args: [now, id] });
        throw expired();
      }
      const staff = await principalOf(row);
      if (!staff) throw expired();
      let seen = lastSeen;
      if (now - lastSeen >= TOUCH_INTERVAL_MS) {
        await db.execute({
          sql: 'UPDATE console_sessions SET last_seen_at = ? WHERE id = ?',
          args: [now, id],
        });
        seen = now;
      }
      return { staff, session: stateOf(row, seen) };
    },

    /** Ends a session at once (sign-out); later requests with its cookie get 401. */
    async end(sessionId: string): Promise<void> {
      await db.execute({
        sql: 'UPDATE console_sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL',
        args: [clock.now().getTime(), sessionId],
      });
    },
  } satisfies ConsoleSessionVerifier & Record<string, unknown>;
  return store;
}
export type ConsoleSessionStore = ReturnType<typeof createConsoleSessionStore>;
