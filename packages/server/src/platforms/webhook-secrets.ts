import { randomBytes } from 'node:crypto';
import type { Schema } from '@ezhili/contract';
import type { AuditActor } from '../audit/audit-log.js';
import { decryptAead, encryptAead } from '../crypto/aead.js';
import type { Executor } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { newId } from '../ids/ids.js';
import { loadSecretKey, SecretKeyError } from '../keys/secret-key-file.js';
import { ProblemError } from '../problem/problem-error.js';
import { requirePlatformRecord } from './platform-service.js';

/** `KEYS_DIR/webhook.key`: encrypts the platforms' webhook secrets at rest. */
export const WEBHOOK_KEY_NAME = 'webhook';

/** How long a previous secret keeps signing after a rotation unless the caller says otherwise. */
export const DEFAULT_OVERLAP_SECONDS = 86_400;

const PREFIX = 'whsec_';
const aad = (platformId: string, id: string) => `ezhili webhook secret\n${platformId}\n${id}`;

/**
 * Per-platform secrets for Standard Webhooks' symmetric `v1` signatures (opt-in, beside `v1a`).
 * A secret is `whsec_` + 32 random bytes (base64), shown once and kept encrypted under
 * `webhook.key`. Rotation never leaves a gap: the new secret signs at once and the previous one
 * keeps signing until its `expires_at`, so both `v1` signatures are sent during the overlap.
 */
export function createWebhookSecrets(ctx: AppContext) {
  const key = () => {
    try {
      return loadSecretKey(ctx.config, WEBHOOK_KEY_NAME);
    } catch (error) {
      if (!(error instanceof SecretKeyError)) throw error;
      ctx.logger.error('webhook key missing', { errorName: error.name });
      throw new ProblemError(503, {
        code: 'webhook_key_missing',
        detail: 'This server has no webhook.key yet; an operator must run `ezhili secrets init`.',
      });
    }
  };

  return {
    async rotate(
      platformId: string,
      overlapSeconds: number,
      actor: AuditActor,
    ): Promise<Schema<'WebhookSecret'>> {
      const now = ctx.clock.now();
      const id = newId('whs', now);
      const secret = `${PREFIX}${randomBytes(32).toString('base64')}`;
      const sealed = encryptAead(key(), secret, aad(platformId, id)).toString('base64');
      const previousUntil = new Date(now.getTime() + overlapSeconds * 1000);
      const previous = await ctx.db.transaction(async (tx) => {
        await requirePlatformRecord(tx, platformId);
        // The current secret signs until the overlap ends; an older one still in its own overlap
        // stops then at the latest, so a rotation never extends a secret's life.
        const current = await tx.execute({
          sql: `UPDATE platform_webhook_secrets SET expires_at = ?
                WHERE platform_id = ? AND expires_at IS NULL RETURNING id`,
          args: [previousUntil.getTime(), platformId],
        });
        await tx.execute({
          sql: `UPDATE platform_webhook_secrets SET expires_at = ?
                WHERE platform_id = ? AND expires_at > ?`,
          args: [previousUntil.getTime(), platformId, previousUntil.getTime()],
        });
        await tx.execute({
          sql: `INSERT INTO platform_webhook_secrets (id, platform_id, sealed, created_at, expires_at)
                VALUES (?, ?, ?, ?, NULL)`,
          args: [id, platformId, sealed, now.toISOString()],
        });
        await ctx.audit.appendWithin(tx, {
          actor,
          action: 'webhook.secret_rotated',
          subject: { type: 'platform', id: platformId },
          details: { secretId: id, replaced: current.rows.length > 0, overlapSeconds },
        });
        return current.rows.length > 0;
      });
      return {
        secret,
        createdAt: now.toISOString(),
        previousSecretExpiresAt: previous ? previousUntil.toISOString() : null,
      };
    },

    /** Retires every secret of the platform now: webhooks are signed `v1a` only again. */
    async disable(platformId: string, actor: AuditActor): Promise<void> {
      const now = ctx.clock.now().getTime();
      await ctx.db.transaction(async (tx) => {
        await requirePlatformRecord(tx, platformId);
        const retired = await tx.execute({
          sql: `UPDATE platform_webhook_secrets SET expires_at = ?
                WHERE platform_id = ? AND (expires_at IS NULL OR expires_at > ?)`,
          args: [now, platformId, now],
        });
        await ctx.audit.appendWithin(tx, {
          actor,
          action: 'webhook.secrets_disabled',
          subject: { type: 'platform', id: platformId },
          details: { retired: retired.rowsAffected },
        });
      });
    },

    /** The secrets that sign a delivery now, newest first (two during a rotation's overlap). */
    async signingSecrets(db: Executor, platformId: string): Promise<string[]> {
      const now = ctx.clock.now().getTime();
      const rows = (
        await db.execute({
          sql: `SELECT id, sealed FROM platform_webhook_secrets
                WHERE platform_id = ? AND (expires_at IS NULL OR expires_at > ?)
                ORDER BY created_at DESC, id DESC`,
          args: [platformId, now],
        })
      ).rows;
      return rows.map((row) =>
        decryptAead(
          key(),
          Buffer.from(String(row.sealed), 'base64'),
          aad(platformId, String(row.id)),
        ).toString('utf8'),
      );
    },
  };
}
export type WebhookSecrets = ReturnType<typeof createWebhookSecrets>;

/** The key bytes of a `whsec_` secret, as Standard Webhooks libraries decode it. */
export function webhookSecretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret, 'base64');
}
