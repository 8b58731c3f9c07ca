import type { AppContext } from '../http/app-context.js';
import type { BackgroundTask } from '../http/server-module.js';
import { reconcileRelistings } from './relisting-breaches.js';
import { RELISTING_SETTINGS } from './relisting-settings.js';

/**
 * Runs the reconciliation soon after start-up (so existing data is reconciled on the first start
 * of a new version) and then every `RELISTING_RECONCILE_INTERVAL_MS`. Several instances may run
 * it at once: each shop is re-checked inside its own transaction.
 */
export function startRelistingReconciliation(ctx: AppContext): BackgroundTask {
  const { reconcileIntervalMs } = ctx.settings.of(RELISTING_SETTINGS);
  if (reconcileIntervalMs === 0) return { stop: async () => {} };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = reconcileRelistings(ctx)
      .then((result) => {
        if (result.found > 0) ctx.logger.warn('relisting breaches found by reconciliation', { ...result });
      })
      .catch((error: Error) => ctx.logger.error('relisting reconciliation failed', { errorName: error.name }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, reconcileIntervalMs);
      });
  };
  timer = setTimeout(tick, 1000);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
