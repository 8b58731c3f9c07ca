import type { AppContext } from '../http/app-context.js';
import type { BackgroundTask } from '../http/server-module.js';
import { createEmailWorker } from './email-delivery-worker.js';
import { NOTIFICATION_SETTINGS } from './notification-settings.js';
import { createNotificationSweep } from './notification-sweep.js';

/** Runs `work` now-ish and then every `intervalMs` after it finishes; `stop()` waits for a run. */
function repeat(
  ctx: AppContext,
  name: string,
  intervalMs: number,
  work: () => Promise<unknown>,
): BackgroundTask {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = work()
      .catch((error: Error) => ctx.logger.error(`${name} failed`, { errorName: error.name }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, Math.min(intervalMs, 1000));
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/**
 * The notifications' background work: the sweep that records notifications (and builds the
 * daily digest), and with SMTP configured the email outbox worker. Without SMTP it says so once
 * at start-up: notifications are then in the API and the console only.
 */
export function startNotifications(ctx: AppContext): BackgroundTask {
  const settings = ctx.settings.of(NOTIFICATION_SETTINGS);
  const tasks: BackgroundTask[] = [];
  if (settings.sweepIntervalMs > 0) {
    const sweep = createNotificationSweep(ctx);
    tasks.push(repeat(ctx, 'notification sweep', settings.sweepIntervalMs, () => sweep.runOnce()));
  }
  if (!settings.smtp) {
    ctx.logger.info('notification email is off: SMTP_HOST is not set; notifications are in the API only');
  } else {
    const worker = createEmailWorker(ctx);
    ctx.logger.info('notification email is on', { mode: settings.emailMode, tls: settings.smtp.tls });
    const delivery = repeat(ctx, 'notification email run', worker.pollIntervalMs, () => worker.runOnce());
    tasks.push({
      async stop() {
        await delivery.stop();
        worker.close();
      },
    });
  }
  return {
    async stop() {
      await Promise.all(tasks.map((task) => task.stop()));
    },
  };
}
