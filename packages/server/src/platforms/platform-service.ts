import type { Schema } from '@ezhili/contract';
import { importJWK, type JWK } from 'jose';
import type { AuditActor } from '../audit/audit-log.js';
import type { Executor } from '../db/database.js';
import { bool, textOrNull } from '../db/rows.js';
import type { AppContext } from '../http/app-context.js';
import { newOpaqueId } from '../ids/ids.js';
import { notFound, unprocessable } from '../problem/problem-error.js';

export type Platform = Schema<'Platform'>;
type Registration = Schema<'PlatformRegistration'>;
type Update = Schema<'PlatformUpdate'>;
type Jwks = Schema<'Jwks'>;

/** The signature algorithms a platform may use, by the key type that carries them. */
export const PLATFORM_ALGORITHMS = ['EdDSA', 'ES256'] as const;

/**
 * Staff who read a platform, its scorecard and its cards: those who work with platforms' leads.
 * City-wide (the contract says so): a platform and its figures belong to no one district.
 */
export const PLATFORM_READER_ROLES = [
  'intake',
  'district_handler',
  'detachment_handler',
  'auditor',
  'admin',
] as const;

export interface PlatformRecord extends Platform {
  /** Bumped on every change; caches of the platform's keys key on it. */
  version: string;
}

function rowToPlatform(row: Record<string, unknown>): PlatformRecord {
  return {
    id: String(row.id),
    name: String(row.name),
    jwks: row.jwks ? (JSON.parse(String(row.jwks)) as Jwks) : null,
    jwksUrl: textOrNull(row.jwks_url),
    webhookUrl: textOrNull(row.webhook_url),
    webhookEnabled: bool(row.webhook_enabled),
    webhookDisabledReason: textOrNull(row.webhook_disabled_reason),
    contacts: JSON.parse(String(row.contacts)) as Platform['contacts'],
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
    version: String(row.updated_at),
  };
}

/** The public shape (`Platform` in the contract). */
export function toPlatform({ version: _version, ...platform }: PlatformRecord): Platform {
  return platform;
}

export async function findPlatform(db: Executor, id: string): Promise<PlatformRecord | undefined> {
  const row = (await db.execute({ sql: 'SELECT * FROM platforms WHERE id = ?', args: [id] })).rows[0];
  return row ? rowToPlatform(row) : undefined;
}

export async function requirePlatformRecord(db: Executor, id: string): Promise<PlatformRecord> {
  const platform = await findPlatform(db, id);
  if (!platform) throw notFound(`No platform ${id}.`, 'platform_not_found');
  return platform;
}

/**
 * Registration and updates of delivery platforms. Keys are checked on the way in (public only,
 * EdDSA/Ed25519 or ES256/P-256, unique kids) so a bad JWKS fails at registration, not at the
 * platform's first call.
 */
export function createPlatformService(ctx: AppContext) {
  const production = ctx.config.env === 'production';

  function checkUrl(value: string, pointer: string) {
    const url = new URL(value);
    if (url.protocol !== 'https:' && (production || url.protocol !== 'http:')) {
      throw unprocessable('insecure_url', `${pointer.slice(2)} must be an https URL.`, [
        { pointer, detail: production ? 'must use https' : 'must use http or https' },
      ]);
    }
  }

  return {
    async register(input: Registration, actor: AuditActor, id = newOpaqueId('plt')) {
      if ((input.jwks === undefined) === (input.jwksUrl === undefined)) {
        throw unprocessable('jwks_required', 'Give exactly one of `jwks` and `jwksUrl`.');
      }
      if (input.jwks) await checkJwks(input.jwks);
      if (input.jwksUrl) checkUrl(input.jwksUrl, '#/jwksUrl');
      if (input.webhookUrl) checkUrl(input.webhookUrl, '#/webhookUrl');
      const now = ctx.clock.now().toISOString();
      await ctx.db.transaction(async (tx) => {
        await tx.execute({
          sql: `INSERT INTO platforms (id, name, jwks, jwks_url, webhook_url, webhook_enabled, contacts, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)`,
          args: [
            id,
            input.name,
            input.jwks ? JSON.stringify(input.jwks) : null,
            input.jwksUrl ?? null,
            input.webhookUrl ?? null,
            JSON.stringify(input.contacts),
            now,
            now,
          ],
        });
        await ctx.audit.appendWithin(tx, {
          actor,
          action: 'platform.registered',
          subject: { type: 'platform', id },
          details: { keys: input.jwks ? 'inline' : 'url', webhook: Boolean(input.webhookUrl) },
        });
      });
      return requirePlatformRecord(ctx.db, id);
    },

    get: (id: string) => requirePlatformRecord(ctx.db, id),

    async update(id: string, input: Update, actor: AuditActor) {
      if (input.jwks !== undefined && input.jwksUrl !== undefined) {
        throw unprocessable('jwks_required', 'Give at most one of `jwks` and `jwksUrl`.');
      }
      if (input.jwks) await checkJwks(input.jwks);
      if (input.jwksUrl) checkUrl(input.jwksUrl, '#/jwksUrl');
      if (input.webhookUrl) checkUrl(input.webhookUrl, '#/webhookUrl');
      await ctx.db.transaction(async (tx) => {
        const current = await requirePlatformRecord(tx, id);
        const sets: string[] = [];
        const args: Array<string | number | null> = [];
        const set = (column: string, value: string | number | null) => {
          sets.push(`${column} = ?`);
          args.push(value);
        };
        if (input.name !== undefined) set('name', input.name);
        if (input.jwks !== undefined) {
          set('jwks', JSON.stringify(input.jwks));
          set('jwks_url', null);
        }
        if (input.jwksUrl !== undefined) {
          set('jwks_url', input.jwksUrl);
          set('jwks', null);
        }
        if (input.webhookUrl !== undefined) set('webhook_url', input.webhookUrl);
        if (input.contacts !== undefined) set('contacts', JSON.stringify(input.contacts));
        // A new URL or an explicit re-enable clears a 410 disablement.
        if (input.webhookEnabled !== undefined || input.webhookUrl !== undefined) {
          const enabled = input.webhookEnabled ?? true;
          set('webhook_enabled', enabled ? 1 : 0);
          set('webhook_disabled_reason', enabled ? null : 'disabled by staff');
        }
        // updated_at doubles as the key-cache version, so it must change on every update.
        const now = ctx.clock.now();
        const stamp =
          now.toISOString() > current.updatedAt
            ? now.toISOString()
            : new Date(Date.parse(current.updatedAt) + 1).toISOString();
        set('updated_at', stamp);
        await tx.execute({
          sql: `UPDATE platforms SET ${sets.join(', ')} WHERE id = ?`,
          args: [...args, id],
        });
        await ctx.audit.appendWithin(tx, {
          actor,
          action: 'platform.updated',
          subject: { type: 'platform', id },
          details: { fields: Object.keys(input).sort() },
        });
      });
      return requirePlatformRecord(ctx.db, id);
    },

    /** Called by the webhook worker when the endpoint answers 410 Gone. */
    async disableWebhook(id: string, reason: string) {
      await ctx.db.execute({
        sql: 'UPDATE platforms SET webhook_enabled = 0, webhook_disabled_reason = ? WHERE id = ?',
        args: [reason, id],
      });
    },
  };
}
export type PlatformService = ReturnType<typeof createPlatformService>;

async function checkJwks(jwks: Jwks): Promise<void> {
  const seen = new Set<string>();
  for (const [index, jwk] of jwks.keys.entries()) {
    const pointer = `#/jwks/keys/${index}`;
    const fail = (detail: string) =>
      unprocessable('invalid_jwks', `Key ${index}: ${detail}`, [{ pointer, detail }]);
    if ('d' in jwk) throw fail('contains private key material; publish only public keys');
    if (seen.has(jwk.kid)) throw fail('duplicate kid');
    seen.add(jwk.kid);
    const alg = algorithmOf(jwk as JWK);
    if (!alg) throw fail('must be an Ed25519 (OKP) or P-256 (EC) public key');
    try {
      await importJWK(jwk as JWK, alg);
    } catch {
      throw fail('is not a valid public key');
    }
  }
}

/** The algorithm a platform key is used with, from its type (and `alg` when it names one). */
export function algorithmOf(jwk: JWK): (typeof PLATFORM_ALGORITHMS)[number] | undefined {
  if (
    jwk.kty === 'OKP' &&
    jwk.crv === 'Ed25519' &&
    (!jwk.alg || jwk.alg === 'EdDSA' || jwk.alg === 'Ed25519')
  )
    return 'EdDSA';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && (!jwk.alg || jwk.alg === 'ES256')) return 'ES256';
  return undefined;
}
