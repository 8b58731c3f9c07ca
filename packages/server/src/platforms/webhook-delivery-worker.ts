import { randomUUID } from 'node:crypto';
import type { AppContext } from '../http/app-context.js';
import { crashPoint } from '../http/crash-points.js';
import type { BackgroundTask } from '../http/server-module.js';
import { ownerGone, processOwner } from '../ids/process-owner.js';
import { PLATFORM_SETTINGS, type PlatformSettings } from './platform-settings.js';
import { createWebhookSecrets } from './webhook-secrets.js';
import { signWebhook } from './webhook-signature.js';

/**
 * Delay before each retry, after attempt n (Standard Webhooks' reference schedule): the last
 * attempt comes about 27.5 hours after the first, so a receiver down for a day loses nothing.
 * A message that fails them all is a dead letter (`listWebhookDeliveries?state=dead`).
 */
export const WEBHOOK_RETRY_DELAYS_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  10 * 3600_000,
] as const;
/** ±20 % jitter so a recovering receiver is not hit by every retry at once. */
const JITTER = 0.2;

export interface WebhookWorkerOptions {
  /** Identifies this instance's leases. */
  workerId?: string;
  timeoutMs?: number;
  batchSize?: number;
  pollIntervalMs?: number;
}

export interface WebhookRunResult {
  claimed: number;
  delivered: number;
  failed: number;
}

export function webhookWorkerSettings(ctx: AppContext): PlatformSettings['webhook'] {
  return ctx.settings.of(PLATFORM_SETTINGS).webhook;
}

interface ClaimedMessage {
  id: string;
  platformId: string;
  payload: string;
  attempts: number;
  webhookUrl: string;
}

/**
 * Delivers the webhook outbox. Each run claims due messages with a lease (an UPDATE … RETURNING,
 * atomic in the database), so several instances on one database never send the same message
 * at the same time; a crashed instance's lease simply expires. Results are written back only
 * while the lease is still ours.
 */
export function createWebhookWorker(ctx: AppContext, options: WebhookWorkerOptions = {}) {
  const settings = { ...webhookWorkerSettings(ctx), ...options };
  // The owner's host and pid in the id: a restart frees a dead instance's leases at once.
  const workerId = options.workerId ?? `wh-${processOwner()}~${randomUUID()}`;
  const leaseMs = settings.timeoutMs + 60_000;
  const secrets = createWebhookSecrets(ctx);

  async function claim(): Promise<ClaimedMessage[]> {
    const now = ctx.clock.now().getTime();
    const claimed = await ctx.db.execute({
      sql: `UPDATE webhook_outbox SET lease_owner = ?, lease_until = ?
            WHERE id IN (
              SELECT o.id FROM webhook_outbox o JOIN platforms p ON p.id = o.platform_id
              WHERE o.state = 'pending' AND o.next_attempt_at <= ?
                AND (o.lease_until IS NULL OR o.lease_until < ?)
                AND p.webhook_url IS NOT NULL AND p.webhook_enabled = 1
              ORDER BY o.next_attempt_at, o.rowid LIMIT ?)
              AND state = 'pending' AND (lease_until IS NULL OR lease_until < ?)
            RETURNING id, platform_id, payload, attempts`,
      args: [workerId, now + leaseMs, now, now, settings.batchSize, now],
    });
    if (claimed.rows.length === 0) return [];
    const platformIds = [...new Set(claimed.rows.map((row) => String(row.platform_id)))];
    const urls = new Map(
      (
        await ctx.db.execute({
          sql: `SELECT id, webhook_url FROM platforms WHERE id IN (${platformIds.map(() => '?').join(',')})`,
          args: platformIds,
        })
      ).rows.map((row) => [String(row.id), String(row.webhook_url)]),
    );
    return claimed.rows.map((row) => ({
      id: String(row.id),
      platformId: String(row.platform_id),
      payload: String(row.payload),
      attempts: Number(row.attempts),
      webhookUrl: urls.get(String(row.platform_id))!,
    }));
  }

  async function attempt(message: ClaimedMessage): Promise<{ status: number | null; error: string | null }> {
    const timestamp = Math.floor(ctx.clock.now().getTime() / 1000);
    const headers = signWebhook(
      ctx.keys,
      message.id,
      timestamp,
      message.payload,
      await secrets.signingSecrets(ctx.db, message.platformId),
    );
    try {
      const response = await fetch(message.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'ezhili-webhooks/1', ...headers },
        body: message.payload,
        // Never follow redirects: the registered URL is the only place a lead may go.
        redirect: 'manual',
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      return { status: response.status, error: response.ok ? null : `HTTP ${response.status}` };
    } catch (error) {
      const name = (error as Error).name;
      return { status: null, error: name === 'TimeoutError' ? 'timeout' : 'connection failed' };
    }
  }

  async function settle(message: ClaimedMessage, result: { status: number | null; error: string | null }) {
    const now = ctx.clock.now();
    const attempts = message.attempts + 1;
    const fenced = 'WHERE id = ? AND lease_owner = ?';
    if (result.status !== null && result.status >= 200 && result.status < 300) {
      await ctx.db.execute({
        sql: `UPDATE webhook_outbox SET state = 'delivered', attempts = ?, last_status = ?, last_error = NULL,
                delivered_at = ?, lease_owner = NULL, lease_until = NULL ${fenced}`,
        args: [attempts, result.status, now.toISOString(), message.id, workerId],
      });
      return true;
    }
    if (result.status === 410) {
      // The receiver says the endpoint is gone: stop sending to it until staff re-enable it. The
      // message stays pending (nothing is lost; the lead can also be pulled).
      await ctx.db.batch([
        {
          sql: `UPDATE platforms SET webhook_enabled = 0, webhook_disabled_reason = ? WHERE id = ?`,
          args: [`endpoint answered 410 Gone at ${now.toISOString()}`, message.platformId],
        },
        {
          sql: `UPDATE webhook_outbox SET attempts = ?, last_status = 410, last_error = 'HTTP 410',
                  lease_owner = NULL, lease_until = NULL ${fenced}`,
          args: [attempts, message.id, workerId],
        },
      ]);
      ctx.logger.warn('webhook endpoint disabled after 410', { platformId: message.platformId });
      return false;
    }
    const delay = WEBHOOK_RETRY_DELAYS_MS[attempts - 1];
    if (delay === undefined) {
      await ctx.db.execute({
        sql: `UPDATE webhook_outbox SET state = 'dead', attempts = ?, last_status = ?, last_error = ?,
                next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL ${fenced}`,
        args: [attempts, result.status, result.error, message.id, workerId],
      });
      ctx.logger.warn('webhook dead-lettered', { platformId: message.platformId, messageId: message.id });
      return false;
    }
    const jittered = Math.round(delay * (1 - JITTER + Math.random() * 2 * JITTER));
    await ctx.db.execute({
      sql: `UPDATE webhook_outbox SET attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ?,
              lease_owner = NULL, lease_until = NULL ${fenced}`,
      args: [attempts, result.status, result.error, now.getTime() + jittered, message.id, workerId],
    });
    return false;
  }

  return {
    workerId,
    /**
     * Frees the leases of instances of this host that are gone (killed mid-delivery): their
     * messages are sent again now, with the same `webhook-id`, not once the lease runs out.
     */
    async releaseDeadLeases(): Promise<number> {
      const held = await ctx.db.execute(
        `SELECT DISTINCT lease_owner FROM webhook_outbox WHERE state = 'pending' AND lease_owner IS NOT NULL`,
      );
      const dead = held.rows
        .map((row) => String(row.lease_owner))
        .filter((owner) => /^wh-[^~]+~\d+~/.test(owner) && ownerGone(owner.slice(3).split('~', 2).join('~')));
      if (dead.length === 0) return 0;
      const released = await ctx.db.execute({
        sql: `UPDATE webhook_outbox SET lease_owner = NULL, lease_until = NULL
              WHERE state = 'pending' AND lease_owner IN (${dead.map(() => '?').join(',')})`,
        args: dead,
      });
      return released.rowsAffected;
    },
    /** Claims and attempts every due message once; tests drive this with the manual clock. */
    async runOnce(): Promise<WebhookRunResult> {
      const messages = await claim();
      const outcomes = await Promise.all(
        messages.map(async (m) => {
          const result = await attempt(m);
          crashPoint('webhook.after-send');
          return settle(m, result);
        }),
      );
      const delivered = outcomes.filter(Boolean).length;
      return { claimed: messages.length, delivered, failed: messages.length - delivered };
    },
    settings,
  };
}
export type WebhookWorker = ReturnType<typeof createWebhookWorker>;

/** The outbox loop a server runs in the background; `stop()` lets the current run finish. */
export function startWebhookDelivery(ctx: AppContext, options: WebhookWorkerOptions = {}): BackgroundTask {
  const worker = createWebhookWorker(ctx, options);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = worker
      .runOnce()
      .catch((error: Error) => ctx.logger.error('webhook delivery run failed', { errorName: error.name }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, worker.settings.pollIntervalMs);
      });
  };
  running = worker
    .releaseDeadLeases()
    .catch((error: Error) => ctx.logger.error('webhook lease release failed', { errorName: error.name }));
  timer = setTimeout(tick, worker.settings.pollIntervalMs);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
