import type { Schema } from '@ezhili/contract';
import { createLoginRateLimiter } from '../auth/login-rate-limiter.js';
import { constantTimeEqual, randomSecret, sha256Hex } from '../crypto/hashing.js';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { badRequest, conflict, forbidden, unauthorized } from '../problem/problem-error.js';
import { IDENTITY_SETTINGS } from './identity-config.js';
import { openPayoutEnvelopeWithKey, sealAuditEnvelope, sealPayoutEnvelope } from './identity-envelopes.js';
import { payoutKey, reporterBlindIndex, reporterLoginIndex } from './identity-keys.js';
import {
  normalizeMainlandMobile,
  normalizeReporterIdentity,
  type ReporterIdentity,
} from './reporter-identity.js';

export type ReporterRegistration = Schema<'ReporterRegistration'>;

/** A change to one's own details; every change needs the current passphrase. */
export type ReporterProfileUpdate = Schema<'ReporterProfileUpdate'>;

export type ReporterProfile = Schema<'ReporterProfile'>;

export interface ReporterSessionGrant {
  reporterId: string;
  /** The bearer token: shown once, only its SHA-256 is stored. */
  token: string;
  expiresAt: Date;
}

export interface AuthenticatedReporter {
  reporterId: string;
  /** SHA-256 of the session token, hex. */
  sessionHash: string;
}

const MIN_PASSPHRASE_LENGTH = 8;
/** The audit actor for a reporter acting on their own account (never the account id). */
const ACCOUNT_HOLDER = { type: 'reporter', id: 'account-holder' } as const;

const invalidCredentials = () =>
  unauthorized('The phone number or passphrase is wrong.', 'invalid_credentials');

/**
 * Reporter accounts: registration (identity sealed at once), login by phone + passphrase,
 * opaque sessions, and self-service on one's own sealed details.
 */
export function createReporterService(ctx: AppContext) {
  const { db, clock, config } = ctx;
  const identityConfig = ctx.settings.of(IDENTITY_SETTINGS);
  const limiter = createLoginRateLimiter(ctx, { account: 'reporter_phone', address: 'reporter_address' });
  // Registrations per client address (each costs a scrypt and a row), with the per-address login
  // limit: a flood from one address is refused, a shared NAT still has room.
  const registrations = createLoginRateLimiter(ctx, {
    account: 'reporter_registration_unused',
    address: 'reporter_registration',
  });
  const index = (kind: 'phone' | 'address', value: string) => reporterBlindIndex(config, kind, value);

  function checkPassphrase(passphrase: string, pointer: string) {
    if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
      throw badRequest(
        'weak_passphrase',
        `The passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`,
        [{ pointer, detail: `must have at least ${MIN_PASSPHRASE_LENGTH} characters` }],
      );
    }
  }

  /** The statements that seal `identity` as version `version` of `reporterId`. */
  function sealStatements(reporterId: string, version: number, identity: ReporterIdentity, at: string) {
    return {
      payoutEnvelope: sealPayoutEnvelope(payoutKey(config), reporterId, version, identity),
      auditEnvelopeInsert: {
        sql: 'INSERT INTO reporter_audit_envelopes (reporter_id, identity_version, envelope, sealed_at) VALUES (?, ?, ?, ?)',
        args: [
          reporterId,
          version,
          JSON.stringify(sealAuditEnvelope(ctx.auditKey, reporterId, version, identity)),
          at,
        ],
      },
    };
  }

  async function createSession(reporterId: string, tx: Executor = db): Promise<ReporterSessionGrant> {
    const token = randomSecret(32);
    const now = clock.now().getTime();
    const expiresAt = new Date(now + identityConfig.sessionTtlSeconds * 1000);
    await tx.batch([
      { sql: 'DELETE FROM reporter_sessions WHERE expires_at <= ?', args: [now] },
      {
        sql: 'INSERT INTO reporter_sessions (token_hash, reporter_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
        args: [sha256Hex(token), reporterId, now, expiresAt.getTime()],
      },
    ]);
    return { reporterId, token, expiresAt };
  }

  /** The scrypt costs of existing login indexes (normally one), cheapest first. */
  async function loginCosts(): Promise<number[]> {
    const rows = (await db.execute('SELECT DISTINCT login_cost FROM reporters ORDER BY login_cost')).rows;
    const costs = rows.map((row) => Number(row.login_cost));
    return costs.length > 0 ? costs : [config.passwordCost];
  }

  const loginConflict = () =>
    conflict(
      'registration_refused',
      'This phone number and passphrase are already registered: log in instead, or choose another passphrase.',
    );

  /**
   * The reporter whose phone and passphrase these are. One login index per stored cost is
   * computed whatever the input, so unknown phone, malformed phone and wrong passphrase answer
   * alike and take alike. Failures count per phone and per client address (keyed indexes).
   */
  async function verifyCredentials(
    phone: string,
    passphrase: string,
    clientAddress: string,
  ): Promise<string> {
    const normalized = normalizeMainlandMobile(phone) ?? `invalid:${phone}`;
    const account = index('phone', normalized);
    const address = index('address', clientAddress);
    await limiter.check(account, address);
    for (const cost of await loginCosts()) {
      const loginIndex = await reporterLoginIndex(config, normalized, passphrase, cost);
      const row = (
        await db.execute({ sql: 'SELECT id FROM reporters WHERE login_index = ?', args: [loginIndex] })
      ).rows[0];
      if (row) {
        await limiter.clearAccount(account);
        return String(row.id);
      }
    }
    await limiter.recordFailure(account, address);
    throw invalidCredentials();
  }

  async function loadRow(reporterId: string, tx: Executor = db) {
    const row = (await tx.execute({ sql: 'SELECT * FROM reporters WHERE id = ?', args: [reporterId] }))
      .rows[0];
    if (!row) throw unauthorized('The reporter account no longer exists.', 'invalid_session');
    return row;
  }

  function profileOf(row: Record<string, unknown>): ReporterProfile {
    const identity = openPayoutEnvelopeWithKey(
      payoutKey(config),
      String(row.id),
      Number(row.identity_version),
      String(row.payout_envelope),
    );
    return { ...identity, registeredAt: String(row.created_at), updatedAt: String(row.updated_at) };
  }

  return {
    /**
     * Registers a reporter: the identity is validated, sealed into the payout and audit envelopes
     * and stored with no plaintext; returns a first session. Registering a phone number that is
     * already registered succeeds as well (another account, reached with its own passphrase), so
     * registration cannot be used to find out whether someone is a reporter.
     */
    async register(input: ReporterRegistration, clientAddress: string): Promise<ReporterSessionGrant> {
      const now = clock.now();
      const address = index('address', clientAddress);
      await registrations.check(null, address);
      const identity = normalizeReporterIdentity(input, now);
      checkPassphrase(input.passphrase, '#/passphrase');
      await registrations.recordFailure(null, address);
      const cost = config.passwordCost;
      const loginIndex = await reporterLoginIndex(config, identity.phone, input.passphrase, cost);
      const reporterId = newId('rep', now);
      const at = now.toISOString();
      const sealed = sealStatements(reporterId, 1, identity, at);
      try {
        return await db.transaction(async (tx) => {
          await tx.batch([
            {
              sql: `INSERT INTO reporters (id, login_index, login_cost, identity_version, payout_envelope, created_at, updated_at)
                    VALUES (?, ?, ?, 1, ?, ?, ?)`,
              args: [reporterId, loginIndex, cost, sealed.payoutEnvelope, at, at],
            },
            sealed.auditEnvelopeInsert,
          ]);
          await ctx.audit.appendWithin(tx, {
            actor: ACCOUNT_HOLDER,
            action: 'reporter.registered',
            subject: { type: 'reporter', id: reporterId },
            details: { identityVersion: 1, auditKeyKid: ctx.auditKey.kid },
          });
          return createSession(reporterId, tx);
        });
      } catch (error) {
        // The same phone and passphrase twice would make one account unreachable.
        if (/UNIQUE/i.test((error as Error).message)) throw loginConflict();
        throw error;
      }
    },

    /** Logs in by phone + passphrase; returns a new session. */
    async login(phone: string, passphrase: string, clientAddress: string): Promise<ReporterSessionGrant> {
      return createSession(await verifyCredentials(phone, passphrase, clientAddress));
    },

    /** For attaching an anonymous tip to an account: checks credentials, returns the reporter id. */
    verifyCredentials,

    /** The reporter of a live session token, or a 401 `invalid_session`. */
    async authenticate(token: string): Promise<AuthenticatedReporter> {
      const sessionHash = sha256Hex(token);
      const row = (
        await db.execute({
          sql: 'SELECT reporter_id, expires_at FROM reporter_sessions WHERE token_hash = ?',
          args: [sessionHash],
        })
      ).rows[0];
      if (!row || Number(row.expires_at) <= clock.now().getTime()) {
        throw unauthorized(
          'The reporter session is unknown or has expired; log in again.',
          'invalid_session',
        );
      }
      return { reporterId: String(row.reporter_id), sessionHash };
    },

    /** Ends a session (logout). */
    async endSession(sessionHash: string): Promise<void> {
      await db.execute({ sql: 'DELETE FROM reporter_sessions WHERE token_hash = ?', args: [sessionHash] });
    },

    /** The reporter's own details, decrypted for them alone; the view is audited. */
    async getProfile(reporterId: string): Promise<ReporterProfile> {
      const profile = profileOf(await loadRow(reporterId));
      await ctx.audit.append({
        actor: ACCOUNT_HOLDER,
        action: 'reporter.profile_viewed',
        subject: { type: 'reporter', id: reporterId },
      });
      return profile;
    },

    /**
     * Changes one's own details after re-checking the passphrase (a stolen session alone cannot
     * redirect a reward to another bank account). The identity is re-sealed as a new version;
     * older audit envelopes are kept. A new passphrase ends the account's other sessions.
     */
    async updateProfile(
      session: AuthenticatedReporter,
      update: ReporterProfileUpdate,
      clientAddress: string,
    ): Promise<ReporterProfile> {
      const row = await loadRow(session.reporterId);
      const current = profileOf(row);
      // Passphrase guesses here count together with failed logins of the same phone.
      const account = index('phone', current.phone);
      const address = index('address', clientAddress);
      await limiter.check(account, address);
      const presented = await reporterLoginIndex(
        config,
        current.phone,
        update.currentPassphrase,
        Number(row.login_cost),
      );
      if (!constantTimeEqual(presented, String(row.login_index))) {
        await limiter.recordFailure(account, address);
        throw forbidden('The current passphrase is wrong.', 'passphrase_mismatch');
      }
      if (update.newPassphrase !== undefined) checkPassphrase(update.newPassphrase, '#/newPassphrase');
      const now = clock.now();
      const next = normalizeReporterIdentity(
        {
          realName: update.realName ?? current.realName,
          residentId: update.residentId ?? current.residentId,
          phone: update.phone ?? current.phone,
          bankAccount: { ...current.bankAccount, ...update.bankAccount },
        },
        now,
      );
      const changed = (['realName', 'residentId', 'phone', 'bankAccount'] as const).filter(
        (field) => JSON.stringify(next[field]) !== JSON.stringify(current[field]),
      );
      const credentialsChange = update.newPassphrase !== undefined || next.phone !== current.phone;
      const login = credentialsChange
        ? {
            index: await reporterLoginIndex(
              config,
              next.phone,
              update.newPassphrase ?? update.currentPassphrase,
              config.passwordCost,
            ),
            cost: config.passwordCost,
          }
        : undefined;
      const passphraseChanged = update.newPassphrase !== undefined;
      const at = now.toISOString();
      const write = db.transaction(async (tx) => {
        const fresh = await loadRow(session.reporterId, tx);
        const version = Number(fresh.identity_version) + (changed.length > 0 ? 1 : 0);
        const statements = [];
        if (changed.length > 0) {
          const sealed = sealStatements(session.reporterId, version, next, at);
          statements.push(
            {
              sql: 'UPDATE reporters SET identity_version = ?, payout_envelope = ?, updated_at = ? WHERE id = ?',
              args: [version, sealed.payoutEnvelope, at, session.reporterId],
            },
            sealed.auditEnvelopeInsert,
          );
        }
        if (login) {
          statements.push({
            sql: 'UPDATE reporters SET login_index = ?, login_cost = ?, updated_at = ? WHERE id = ?',
            args: [login.index, login.cost, at, session.reporterId],
          });
        }
        if (passphraseChanged) {
          statements.push({
            sql: 'DELETE FROM reporter_sessions WHERE reporter_id = ? AND token_hash <> ?',
            args: [session.reporterId, session.sessionHash],
          });
        }
        if (statements.length === 0) return;
        await tx.batch(statements);
        await ctx.audit.appendWithin(tx, {
          actor: ACCOUNT_HOLDER,
          action: 'reporter.profile_updated',
          subject: { type: 'reporter', id: session.reporterId },
          // Field names only, never values, and no identity version: the payout envelope opened
          // for a claim would match it and join the claim to this account.
          details: { changed: passphraseChanged ? [...changed, 'passphrase'] : changed },
        });
      });
      await write.catch((error: Error) => {
        if (/UNIQUE/i.test(error.message)) throw loginConflict();
        throw error;
      });
      return {
        ...next,
        registeredAt: String(row.created_at),
        updatedAt: changed.length > 0 || passphraseChanged ? at : String(row.updated_at),
      };
    },
  };
}
export type ReporterService = ReturnType<typeof createReporterService>;
