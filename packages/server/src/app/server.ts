import type { Server } from 'node:http';
import { type ServerType, serve } from '@hono/node-server';
import type { Clock } from '../clock/clock.js';
import type { Config } from '../config/config.js';
import type { ModuleSettings } from '../config/module-settings.js';
import { seedDemoData } from '../demo/seed-demo-data.js';
import type { AppContext } from '../http/app-context.js';
import { answerClientErrors } from '../http/client-errors.js';
import type { BackgroundTask } from '../http/server-module.js';
import type { Logger } from '../logging/logger.js';
import { seedDemoRiskRun } from '../risk/risk-demo.js';
import { createStaffService } from '../staff/staff-service.js';
import { createApp } from './create-app.js';
import { createAppContext } from './create-app-context.js';
import { SERVER_MODULES } from './modules.js';

export interface RunningServer {
  url: string;
  port: number;
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * Starts the HTTP server and the modules' background work. `port: 0` picks a free port (tests).
 * `close()` stops accepting connections, lets requests in flight finish, stops background work
 * and closes the database.
 */
export async function startServer(
  config: Config,
  options: { clock?: Clock; logger?: Logger; background?: boolean; settings?: ModuleSettings } = {},
): Promise<RunningServer> {
  const ctx = await createAppContext(config, options);
  if (config.demo) {
    await seedDemoData(ctx, createApp);
    await seedDemoRiskRun(ctx);
  }
  if (config.env === 'production' && (await createStaffService(ctx).hasDemoUsers())) {
    ctx.db.close();
    throw new Error('Refusing to start in production while demo staff users (password "demo") exist.');
  }
  const app = createApp(ctx);
  // Listen before starting background work, so a port in use stops the start with nothing running.
  const server: ServerType = await new Promise<ServerType>((resolve, reject) => {
    const instance = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => {
      instance.off('error', reject);
      resolve(instance);
    });
    instance.once('error', reject);
    answerClientErrors(instance as Server);
  }).catch((error: unknown) => {
    ctx.db.close();
    throw error;
  });
  const tasks: BackgroundTask[] =
    options.background === false
      ? []
      : SERVER_MODULES.flatMap((m) => (m.background ? [m.background(ctx)] : []));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    ctx,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Idle keep-alive sockets would hold close() open; requests in flight still finish.
          (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        });
        await Promise.all(tasks.map((task) => task.stop()));
        ctx.db.close();
      })();
      return closing;
    },
  };
}
