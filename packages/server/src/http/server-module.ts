import type { Hono } from 'hono';
import type { SettingsSchema } from '../config/module-settings.js';
import type { ModuleMigrations } from '../db/migrations.js';
import type { AppContext } from './app-context.js';
import type { AppEnv } from './app-env.js';
import type { Contribution } from './extension-point.js';
import type { OperationRouter } from './operation-router.js';

/** Background work of a module (outbox delivery, deadline sweeps); stopped on shutdown. */
export interface BackgroundTask {
  stop(): Promise<void>;
}

/**
 * What a domain module plugs into the server, declared in its entry in `app/modules.ts`: its
 * settings, its tables, its routes, its background work and what it adds to other modules'
 * extension points. The plumbing only knows this shape, never a module; nothing registers itself
 * by being imported.
 */
export interface ServerModule {
  name: string;
  /** Read and validated with every other module's at start-up, before migrations. */
  settings?: SettingsSchema<unknown>;
  migrations?: ModuleMigrations;
  routes?(router: OperationRouter, ctx: AppContext): void;
  /** Documents served beside the API (not contract operations), e.g. the widget's embed pages. */
  documents?(app: Hono<AppEnv>, ctx: AppContext, operations: readonly string[]): void;
  background?(ctx: AppContext): BackgroundTask;
  /** Contributions to other modules' extension points (`contribution(TIP_VIEW, …)`). */
  contributes?: Contribution[];
}

/**
 * A task that calls `tick` after `firstAfterMs`, then every `everyMs`, never two ticks at once
 * (a tick still running is skipped, not queued); `stop` clears the timers and waits for the
 * tick in progress. `tick` handles its own errors: a rejection is only swallowed here.
 */
export function startPeriodicTask(
  tick: (stopped: () => boolean) => Promise<void>,
  { firstAfterMs, everyMs }: { firstAfterMs: number; everyMs: number },
): BackgroundTask {
  let stopped = false;
  let running: Promise<void> | undefined;
  const run = () => {
    if (stopped || running) return;
    running = tick(() => stopped)
      .catch(() => undefined)
      .finally(() => {
        running = undefined;
      });
  };
  const first = setTimeout(run, firstAfterMs);
  const timer = setInterval(run, everyMs);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
