import { createRemoteJWKSet, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import type { Clock } from '../clock/clock.js';
import type { Config, OidcConfig } from '../config/config.js';
import type { Executor } from '../db/database.js';
import { textOrNull } from '../db/rows.js';
import { unauthorized } from '../problem/problem-error.js';
import { isStaffRole, type StaffPrincipal } from './staff-principal.js';

const LOCAL_ISSUER = 'ezhili';
const LOCAL_AUDIENCE = 'ezhili-staff';

/** Issues the short-lived HS256 token returned by `createStaffSession`. */
export async function issueStaffToken(
  config: Config,
  clock: Clock,
  staff: StaffPrincipal,
): Promise<{ token: string; expiresAt: Date }> {
  const now = Math.floor(clock.now().getTime() / 1000);
  const expiresAt = new Date((now + config.staffTokenTtlSeconds) * 1000);
  const token = await new SignJWT({
    email: staff.email,
    name: staff.displayName,
    roles: staff.roles,
    district: staff.districtCode,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(staff.id)
    .setIssuedAt(now)
    .setExpirationTime(expiresAt.getTime() / 1000)
    .sign(new TextEncoder().encode(config.staffTokenSecret));
  return { token, expiresAt };
}

export interface StaffTokenVerifier {
  verify(token: string): Promise<StaffPrincipal>;
}

/**
 * Verifies staff bearer tokens: our own HS256 tokens, and in OIDC mode also tokens of the
 * deployment's identity provider, checked against its JWKS (fetched and cached by jose).
 */
export function createStaffTokenVerifier(config: Config, clock: Clock, db: Executor): StaffTokenVerifier {
  const secret = new TextEncoder().encode(config.staffTokenSecret);
  const oidc = config.oidc;
  const remoteKeys = oidc ? createRemoteJWKSet(new URL(oidc.jwksUrl)) : undefined;
  const currentDate = () => clock.now();

  return {
    async verify(token) {
      const issuer = peekIssuer(token);
      if (issuer === LOCAL_ISSUER) {
        if (!config.localStaffLogin) throw unauthorized('Local staff tokens are disabled.', 'invalid_token');
        const { payload } = await jwtVerify(token, secret, {
          issuer: LOCAL_ISSUER,
          audience: LOCAL_AUDIENCE,
          algorithms: ['HS256'],
          currentDate: currentDate(),
        }).catch(() => {
          throw unauthorized('The token is invalid or expired.', 'invalid_token');
        });
        // The token proves who; the account says what, now: a disabled user or a changed role
        // takes effect at once instead of when the token expires.
        const staff = await loadActiveStaff(db, String(payload.sub ?? ''));
        if (!staff) throw unauthorized('The token is invalid or expired.', 'invalid_token');
        return staff;
      }
      if (oidc && remoteKeys && issuer === oidc.issuer) {
        const { payload } = await jwtVerify(token, remoteKeys, {
          issuer: oidc.issuer,
          audience: oidc.audience,
          currentDate: currentDate(),
        }).catch(() => {
          throw unauthorized('The token is invalid or expired.', 'invalid_token');
        });
        return principalFromProvider(payload, oidc);
      }
      throw unauthorized('The token is invalid or expired.', 'invalid_token');
    },
  };
}

/**
 * A local account as it is now (undefined when unknown or disabled): tokens and console sessions
 * prove who; the account says what, so a disabled user or a changed role takes effect at once.
 */
export async function loadActiveStaff(db: Executor, id: string): Promise<StaffPrincipal | undefined> {
  const row = (
    await db.execute({
      sql: 'SELECT id, email, display_name, roles, district_code FROM staff_users WHERE id = ? AND disabled = 0',
      args: [id],
    })
  ).rows[0];
  if (!row) return undefined;
  return {
    id: String(row.id),
    email: String(row.email),
    displayName: String(row.display_name),
    roles: (JSON.parse(String(row.roles)) as unknown[]).filter(isStaffRole),
    districtCode: textOrNull(row.district_code),
    source: 'local',
  };
}

function peekIssuer(token: string): string | undefined {
  try {
    const payload = token.split('.')[1];
    if (!payload) return undefined;
    return (JSON.parse(Buffer.from(payload, 'base64url').toString()) as JWTPayload).iss;
  } catch {
    return undefined;
  }
}

/** A provider token's claims as a staff principal (local tokens are read from the account). */
export function principalFromProvider(payload: JWTPayload, oidc: OidcConfig): StaffPrincipal {
  const rawRoles = payload[oidc.rolesClaim];
  const roles = (
    Array.isArray(rawRoles) ? rawRoles : typeof rawRoles === 'string' ? rawRoles.split(/[ ,]+/) : []
  ).filter(isStaffRole);
  const district = payload[oidc.districtClaim];
  const sub = String(payload.sub ?? '');
  if (!sub) throw unauthorized('The token has no subject.', 'invalid_token');
  return {
    id: `oidc:${sub}`,
    email: typeof payload.email === 'string' ? payload.email : '',
    displayName: typeof payload.name === 'string' ? payload.name : sub,
    roles,
    districtCode: typeof district === 'string' && /^\d{6}$/.test(district) ? district : null,
    source: 'oidc',
  };
}
