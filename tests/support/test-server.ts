import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Clock,
  type Config,
  createMemoryLogger,
  loadConfig,
  type RunningServer,
  startServer,
} from '@ezhili/server';

export interface E2eServer extends RunningServer {
  dataDir: string;
  /** Every log line the server wrote, for assertions about what was (not) logged. */
  logLines: string[];
  /** fetch against the server with JSON helpers. */
  api(path: string, init?: RequestInit & { json?: unknown; token?: string }): Promise<Response>;
  /** Logs a demo staff user in; returns the bearer token. */
  login(email: string, password?: string): Promise<string>;
}

/**
 * A real server on an ephemeral port, on a fresh embedded database with demo data. It runs on the
 * machine's clock unless given one (`{ clock }`), which is then in place before the demo is seeded.
 */
export async function startE2eServer(
  env: Record<string, string> = {},
  overrides: Partial<Config> = {},
  options: { clock?: Clock } = {},
): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ezhili-e2e-'));
  const config = loadConfig(
    { EZHILI_ENV: 'test', DATA_DIR: dataDir, PORT: '0', ...env },
    { demo: true, ...overrides },
  );
  const { logger, lines } = createMemoryLogger();
  const server = await startServer(config, { logger, ...(options.clock && { clock: options.clock }) });
  const api = (path: string, init: RequestInit & { json?: unknown; token?: string } = {}) => {
    const { json, token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (json !== undefined) headers.set('content-type', 'application/json');
    if (token) headers.set('authorization', `Bearer ${token}`);
    return fetch(`${server.url}${path}`, {
      ...rest,
      headers,
      ...(json !== undefined && { body: JSON.stringify(json), method: rest.method ?? 'POST' }),
    });
  };
  return {
    ...server,
    dataDir,
    logLines: lines,
    api,
    async login(email, password = 'demo') {
      const response = await api('/staff/sessions', { json: { email, password } });
      if (response.status !== 201) throw new Error(`login ${email}: ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    },
  };
}
