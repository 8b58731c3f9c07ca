import { createLoginRateLimiter } from '../auth/login-rate-limiter.js';
import type { StaffPrincipal, StaffRole } from '../auth/staff-principal.js';
import { issueStaffToken } from '../auth/staff-tokens.js';
import { sha256Hex } from '../crypto/hashing.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../crypto/password.js';
import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';
import { districtExists } from '../districts/district-service.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { badRequest, conflict, unauthorized } from '../problem/problem-error.js';

export interface NewStaffUser {
  email: string;
  displayName: string;
  password: string;
  roles: StaffRole[];
  districtCode?: string | null;
  /** Where notifications are emailed; the login email when absent. */
  notificationEmail?: string | null;
  demo?: boolean;
}

/** A staff member who can be notified, with the address their notifications go to. */
export interface NotifiableStaff extends StaffPrincipal {
  notificationEmail: string;
}

/**
 * Every enabled local staff member with their notification address (the login email unless
 * another is set): for the notifications module, which picks who is responsible for a queue. A
 * small table (one row per official), read whole.
 */
export async function listNotifiableStaff(executor: Executor): Promise<NotifiableStaff[]> {
  const rows = (await executor.execute('SELECT * FROM staff_users WHERE disabled = 0 ORDER BY id')).rows;
  return rows.map((row) => ({
    ...rowToPrincipal(row),
    notificationEmail: textOrNull(row.notification_email) ?? String(row.email),
  }));
}

function rowToPrincipal(row: Record<string, unknown>): StaffPrincipal {
  return {
    id: String(row.id),
    email: String(row.email),
    displayName: String(row.display_name),
    roles: JSON.parse(String(row.roles)) as StaffRole[],
    districtCode: textOrNull(row.district_code),
    source: 'local',
  };
}

/** Staff accounts and logins. Business rules here; routes only translate. */
export function createStaffService(ctx: AppContext) {
  const { db, clock, config } = ctx;

  const limiter = createLoginRateLimiter(ctx, { account: 'account', address: 'address' });

  return {
    async createUser(input: NewStaffUser): Promise<StaffPrincipal> {
      if (input.roles.length === 0)
        throw badRequest('roles_required', 'A staff user needs at least one role.');
      const needsDistrict = input.roles.includes('district_handler');
      if (needsDistrict && !input.districtCode) {
        throw badRequest('district_required', 'A district_handler must be bound to a district.');
      }
      if (input.districtCode && !(await districtExists(db, input.districtCode))) {
        throw badRequest('unknown_district', `District ${input.districtCode} is not in the reference data.`);
      }
      const id = newId('stf', clock.now());
      try {
        await db.execute({
          sql: `INSERT INTO staff_users (id, email, display_name, password_hash, roles, district_code, demo, created_at,
                  notification_email)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            id,
            input.email.trim(),
            input.displayName,
            await hashPassword(input.password, config.passwordCost),
            JSON.stringify(input.roles),
            input.districtCode ?? null,
            input.demo ? 1 : 0,
            clock.now().toISOString(),
            input.notificationEmail?.trim() || null,
          ],
        });
      } catch (error) {
        if (/UNIQUE/i.test((error as Error).message))
          throw conflict('email_taken', 'A staff user with this email exists.');
        throw error;
      }
      return {
        id,
        email: input.email.trim(),
        displayName: input.displayName,
        roles: input.roles,
        districtCode: input.districtCode ?? null,
        source: 'local',
      };
    },

    async findById(id: string): Promise<StaffPrincipal | undefined> {
      const row = (
        await db.execute({ sql: 'SELECT * FROM staff_users WHERE id = ? AND disabled = 0', args: [id] })
      ).rows[0];
      return row ? rowToPrincipal(row) : undefined;
    },

    async findByEmail(email: string): Promise<StaffPrincipal | undefined> {
      const row = (
        await db.execute({
          sql: 'SELECT * FROM staff_users WHERE email = ? AND disabled = 0',
          args: [email.trim()],
        })
      ).rows[0];
      return row ? rowToPrincipal(row) : undefined;
    },

    /** Disables (or re-enables) a login; a disabled user's tokens stop working at once. */
    async setDisabled(email: string, disabled: boolean): Promise<boolean> {
      const result = await db.execute({
        sql: 'UPDATE staff_users SET disabled = ? WHERE email = ?',
        args: [disabled ? 1 : 0, email.trim()],
      });
      if (result.rowsAffected > 0) {
        await ctx.audit.append({
          actor: { type: 'system', id: 'cli' },
          action: disabled ? 'staff.disabled' : 'staff.enabled',
          subject: { type: 'staff_email', id: sha256Hex(email.trim().toLowerCase()) },
        });
      }
      return result.rowsAffected > 0;
    },

    async hasDemoUsers(): Promise<boolean> {
      const row = (await db.execute('SELECT count(*) AS n FROM staff_users WHERE demo = 1 AND disabled = 0'))
        .rows[0];
      return Number(row?.n ?? 0) > 0;
    },

    /**
     * Checks a staff email and password (the one login rule, for bearer tokens and console
     * sessions alike). Unknown email and wrong password are indistinguishable (same answer, a
     * password check either way). Failures are counted per account and per client address;
     * past the limit the answer is 429 until the window has passed, whether or not the password
     * is right. A success is recorded in the audit log.
     */
    async verifyCredentials(email: string, password: string, clientAddress: string): Promise<StaffPrincipal> {
      if (!config.localStaffLogin)
        throw unauthorized('Local staff login is disabled; use the identity provider.');
      const account = sha256Hex(email.trim().toLowerCase());
      const address = sha256Hex(clientAddress);
      await limiter.check(account, address);
      const row = (
        await db.execute({
          sql: 'SELECT * FROM staff_users WHERE email = ? AND disabled = 0',
          args: [email.trim()],
        })
      ).rows[0];
      const valid = await verifyPassword(
        password,
        row ? String(row.password_hash) : dummyPasswordHash(config.passwordCost),
      );
      if (!row || !valid) {
        await limiter.recordFailure(account, address);
        throw unauthorized('The email or password is wrong.', 'invalid_credentials');
      }
      await limiter.clearAccount(account);
      const staff = rowToPrincipal(row);
      await ctx.audit.append({
        actor: { type: 'staff', id: staff.id },
        action: 'staff.login',
        subject: { type: 'staff', id: staff.id },
      });
      return staff;
    },

    /** Logs in for a bearer token (`createStaffSession`). */
    async login(email: string, password: string, clientAddress: string) {
      const staff = await this.verifyCredentials(email, password, clientAddress);
      const { token, expiresAt } = await issueStaffToken(config, clock, staff);
      return { token, expiresAt, staff };
    },
  };
}
export type StaffService = ReturnType<typeof createStaffService>;
