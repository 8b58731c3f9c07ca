import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { createApp } from '../app/create-app.js';
import { createAppContext } from '../app/create-app-context.js';
import { createManualClock, type ManualClock } from '../clock/clock.js';
import { type Config, loadConfig } from '../config/config.js';
import { seedDemoData } from '../demo/seed-demo-data.js';
import type { AppContext } from '../http/app-context.js';
import type { AppEnv } from '../http/app-env.js';
import { createMemoryLogger } from '../logging/logger.js';

export interface TestApp {
  app: Hono<AppEnv>;
  ctx: AppContext;
  clock: ManualClock;
  /** Every log line written, to assert what was (not) logged. */
  logLines: string[];
  dataDir: string;
  /** `app.request` with JSON helpers. */
  request(path: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<Response>;
  /** Logs in a demo user and returns the bearer token. */
  login(email: string, password?: string): Promise<string>;
  close(): void;
}

/**
 * Where a test app's clock starts unless the test names a time (a Monday, 16:00 in Fuzhou). Fixed,
 * not today: a test that mixes the app's clock with the machine's (`Date.now()`, file times, a
 * child process on the system clock) fails on every day, not only on the day the dates drift
 * apart; CI also runs the suites under `faketime -f '+400d'`.
 */
export const TEST_APP_START = '2026-01-05T08:00:00Z';

/**
 * A real app on a temporary database file, with a manual clock and a memory logger; demo staff
 * seeded. For module tests that go through HTTP without opening a port. A test that needs a date
 * passes `{ now }`: the clock is set before anything is seeded.
 */
export async function createTestApp(
  env: Record<string, string> = {},
  overrides: Partial<Config> = {},
  options: { now?: Date | string } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ezhili-test-'));
  const config = loadConfig({ EZHILI_ENV: 'test', DATA_DIR: dataDir, ...env }, { demo: true, ...overrides });
  // The clock is set before anything is seeded: demo data is generated relative to it.
  const clock = createManualClock(options.now ?? TEST_APP_START);
  const { logger, lines } = createMemoryLogger('debug', clock);
  const ctx = await createAppContext(config, { clock, logger });
  await seedDemoData(ctx);
  const app = createApp(ctx);
  const request = (path: string, init: RequestInit & { json?: unknown; token?: string } = {}) => {
    const { json, token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    if (token) headers.set('authorization', `Bearer ${token}`);
    return Promise.resolve(
      app.request(path, {
        ...rest,
        headers,
        ...(json !== undefined && { body: JSON.stringify(json), method: rest.method ?? 'POST' }),
      }),
    );
  };
  return {
    app,
    ctx,
    clock,
    logLines: lines,
    dataDir,
    request,
    async login(email, password = 'demo') {
      const response = await request('/staff/sessions', { json: { email, password } });
      if (response.status !== 201) throw new Error(`login ${email} failed: ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    },
    close: () => ctx.db.close(),
  };
}
