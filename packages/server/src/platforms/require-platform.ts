import type { Context, MiddlewareHandler } from 'hono';
import { flattenedVerify, errors as joseErrors } from 'jose';
import type { AuditActor } from '../audit/audit-log.js';
import { hasStaffCredentials, requireStaff } from '../auth/require-staff.js';
import type { StaffRole } from '../auth/staff-principal.js';
import { sha256Hex } from '../crypto/hashing.js';
import type { AppEnv } from '../http/app-env.js';
import { forbidden, ProblemError, unauthorized } from '../problem/problem-error.js';
import { platformKeyResolver } from './platform-keys.js';
import type { Attestation, PlatformPrincipal, SignedInput } from './platform-principal.js';
import { findPlatform, PLATFORM_ALGORITHMS } from './platform-service.js';
import { PLATFORM_SETTINGS } from './platform-settings.js';

/** The request header that carries a platform's detached JWS. */
export const SIGNATURE_HEADER = 'Ezhili-Signature';
/** How far a signature's `iat` may be from the server's clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** What `requirePlatform()` puts on the request context: the platform that signed the request. */
export interface PlatformVariables {
  platform: PlatformPrincipal;
}

declare module 'hono' {
  interface ContextVariableMap extends PlatformVariables {}
}

const COMPACT_DETACHED = /^([A-Za-z0-9_-]+)\.\.([A-Za-z0-9_-]+)$/;

interface ProtectedHeader {
  alg: (typeof PLATFORM_ALGORITHMS)[number];
  kid: string;
  iss: string;
  iat: number;
  jti: string;
  htm: string;
  htu: string;
}

const signatureProblem = (code: string, detail: string) => unauthorized(detail, code);

/**
 * Authenticates a delivery platform by the detached JWS (RFC 7797, `b64: false`) in
 * `Ezhili-Signature` over the exact request body, bound to the method and path (`htm`, `htu`),
 * fresh (`iat` within ±300 s) and used once (`jti`). Sets `c.var.platform` and the principal
 * `platform:<id>`, so idempotency keys are namespaced per platform.
 *
 * The signed bytes: the raw JSON body as the router read it; for other media types the body is
 * buffered here (Hono caches it, so the handler reads it again through `c.req`); for requests
 * without a body, zero bytes.
 */
export function requirePlatform(): MiddlewareHandler<AppEnv> {
  return async function requirePlatformSignature(c, next) {
    await authenticatePlatform(c);
    await next();
  };
}

/** Staff with one of `roles` (bearer token), or any platform by signature; the handler scopes. */
export function requireStaffOrPlatform(...roles: StaffRole[]): MiddlewareHandler<AppEnv> {
  const staff = requireStaff(...roles);
  return async function requireStaffOrPlatformSignature(c, next) {
    if (hasStaffCredentials(c)) return staff(c, next);
    if (c.req.header(SIGNATURE_HEADER) === undefined) {
      throw unauthorized(
        `Send a staff token (Authorization: Bearer) or sign the request (${SIGNATURE_HEADER}).`,
      );
    }
    await authenticatePlatform(c);
    await next();
  };
}

/** The calling platform's id, or undefined when staff call. */
export function callingPlatformId(c: Context<AppEnv>): string | undefined {
  return c.get('principal').startsWith('platform:') ? c.get('platform').id : undefined;
}

/** Who acts, for the audit log: the signing platform or the staff member. */
export function actorOf(c: Context<AppEnv>): AuditActor {
  const platformId = callingPlatformId(c);
  return platformId ? { type: 'platform', id: platformId } : { type: 'staff', id: c.get('staff').id };
}

/** The verified signature of the request and the exact body it covers. */
export function signedInput(c: Context<AppEnv>): SignedInput {
  return { attestation: c.get('platform').attestation, body: c.get('rawBody') ?? '' };
}

/** Refuses a platform acting on another platform's resources (staff pass). */
export function assertPlatformScope(c: Context<AppEnv>, platformId: string): void {
  const caller = callingPlatformId(c);
  if (caller !== undefined && caller !== platformId) {
    throw forbidden('A platform may act only on its own resources.', 'platform_mismatch');
  }
}

async function authenticatePlatform(c: Context<AppEnv>): Promise<void> {
  const { db, clock } = c.get('ctx');
  const signature = c.req.header(SIGNATURE_HEADER);
  if (!signature)
    throw signatureProblem('signature_required', `Sign the request: ${SIGNATURE_HEADER} is missing.`);
  const match = COMPACT_DETACHED.exec(signature.trim());
  if (!match) {
    throw signatureProblem(
      'signature_malformed',
      `${SIGNATURE_HEADER} must be a detached compact JWS: <protected>..<signature>.`,
    );
  }
  const header = parseProtectedHeader(match[1]!);

  const now = Math.floor(clock.now().getTime() / 1000);
  if (Math.abs(now - header.iat) > SIGNATURE_TOLERANCE_SECONDS) {
    throw signatureProblem(
      'signature_expired',
      `The signature's iat is more than ${SIGNATURE_TOLERANCE_SECONDS} s from the server's time.`,
    );
  }
  const url = new URL(c.req.url);
  if (header.htm !== c.req.method || header.htu !== url.pathname + url.search) {
    throw signatureProblem(
      'signature_binding_mismatch',
      'The signature was made for another method or path (htm/htu).',
    );
  }

  const platform = await findPlatform(db, header.iss);
  if (!platform)
    throw signatureProblem('unknown_platform', "No platform is registered under the signature's iss.");

  // The router has read every non-streamed body (JSON or NDJSON) into rawBody.
  const body = new TextEncoder().encode(c.get('rawBody') ?? '');
  try {
    await flattenedVerify(
      { protected: match[1]!, payload: body, signature: match[2]! },
      platformKeyResolver(platform, c.get('ctx').settings.of(PLATFORM_SETTINGS)),
      { algorithms: [...PLATFORM_ALGORITHMS] },
    );
  } catch (error) {
    if (error instanceof joseErrors.JWKSNoMatchingKey) {
      throw signatureProblem('unknown_key', "The signature's kid is not among the platform's keys.");
    }
    const forged =
      error instanceof joseErrors.JWSSignatureVerificationFailed ||
      error instanceof joseErrors.JWSInvalid ||
      error instanceof joseErrors.JOSEAlgNotAllowed ||
      error instanceof joseErrors.JOSENotSupported;
    if (!forged && platform.jwksUrl !== null) {
      throw new ProblemError(503, {
        code: 'platform_keys_unavailable',
        detail: "The platform's JWKS URL could not be read; try again shortly.",
        headers: { 'Retry-After': '30' },
      });
    }
    throw signatureProblem('signature_invalid', 'The signature does not verify over this request body.');
  }

  // After the signature verifies, so nobody can burn a platform's jtis with forged requests.
  const nowMs = clock.now().getTime();
  if (Math.random() < 0.01) {
    await db.execute({ sql: 'DELETE FROM platform_signature_jtis WHERE expires_at < ?', args: [nowMs] });
  }
  const fresh = await db.execute({
    sql: `INSERT INTO platform_signature_jtis (platform_id, jti, expires_at) VALUES (?, ?, ?)
          ON CONFLICT (platform_id, jti) DO NOTHING`,
    args: [platform.id, header.jti, (header.iat + 2 * SIGNATURE_TOLERANCE_SECONDS) * 1000],
  });
  if (fresh.rowsAffected === 0) {
    throw signatureProblem(
      'signature_replayed',
      'This signature (jti) was already used; sign each request anew.',
    );
  }

  const attestation: Attestation = {
    kid: header.kid,
    alg: header.alg,
    jti: header.jti,
    signedAt: new Date(header.iat * 1000).toISOString(),
    signature: signature.trim(),
    bodySha256: sha256Hex(body),
  };
  c.set('platform', { id: platform.id, attestation });
  c.set('principal', `platform:${platform.id}`);
}

function parseProtectedHeader(encoded: string): ProtectedHeader {
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    throw signatureProblem('signature_malformed', 'The JWS protected header is not base64url JSON.');
  }
  if (header === null || typeof header !== 'object') {
    throw signatureProblem('signature_malformed', 'The JWS protected header is not a JSON object.');
  }
  const missing = (name: string) =>
    signatureProblem('signature_malformed', `The JWS protected header needs ${name}.`);
  if (
    header.b64 !== false ||
    !Array.isArray(header.crit) ||
    header.crit.length !== 1 ||
    header.crit[0] !== 'b64'
  ) {
    throw missing('"b64": false and "crit": ["b64"] (RFC 7797 unencoded payload)');
  }
  if (!(PLATFORM_ALGORITHMS as readonly unknown[]).includes(header.alg)) throw missing('alg EdDSA or ES256');
  for (const name of ['kid', 'iss', 'jti', 'htm', 'htu'] as const) {
    const value = header[name];
    if (typeof value !== 'string' || value.length === 0 || value.length > 2048)
      throw missing(`a string ${name}`);
  }
  if (!Number.isInteger(header.iat)) throw missing('an integer iat (seconds since the epoch)');
  return header as unknown as ProtectedHeader;
}
