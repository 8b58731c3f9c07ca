import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, type RunningServer, startServer } from '@ezhili/server';
import { serve } from '@hono/node-server';
import { createClient } from '@libsql/client';
import autocannon from 'autocannon';
import { Hono } from 'hono';

/**
 * Benchmark harness. Every benchmark measures an ezhili endpoint and a bare Hono endpoint of
 * the same shape started in the same run, and reports the ratio: absolute numbers depend on
 * the machine, the ratio says what ezhili's layers cost.
 */

export interface Measurement {
  name: string;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Builds each request (e.g. a fresh Idempotency-Key); overrides body and headers. */
  setupRequest?: () => { headers?: Record<string, string>; body?: string | Buffer };
  connections?: number;
  durationSeconds?: number;
}

export const BENCH_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const BENCH_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

export async function measure(name: string, options: LoadOptions): Promise<Measurement> {
  const result = await autocannon({
    // autocannon's typings do not model setupRequest's return well; the shape is checked at run time.
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections ?? BENCH_CONNECTIONS,
    duration: options.durationSeconds ?? BENCH_SECONDS,
    ...(options.setupRequest && {
      requests: [
        {
          setupRequest: (request: Record<string, unknown>) => {
            const built = options.setupRequest!();
            return {
              ...request,
              ...(built.body !== undefined && { body: built.body }),
              headers: { ...(request.headers as Record<string, string>), ...built.headers },
            };
          },
        },
      ],
    }),
  } as autocannon.Options);
  return {
    name,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** A bare Hono app on an ephemeral port; `build` adds the baseline routes. */
export async function startBareHono(
  build: (app: Hono) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  build(app);
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/**
 * The durable-write baseline: bare Hono doing one fsynced insert per request into the same kind
 * of database file as the server's (embedded libSQL, WAL, `synchronous = FULL`). A write path
 * cannot beat one commit per request without batching commits across requests, so this is the
 * ceiling the server's write operations are measured against. `verify` adds a per-request check
 * (e.g. the signature) before the insert, for operations that have one.
 */
export async function startDurableInsertBaseline(
  verify?: (body: string, header: (name: string) => string | undefined) => boolean,
): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ezhili-bench-baseline-'));
  const client = createClient({ url: `file:${join(dir, 'baseline.db')}` });
  await client.execute('PRAGMA journal_mode = WAL');
  await client.execute('PRAGMA synchronous = FULL');
  await client.execute(
    'CREATE TABLE requests (id INTEGER PRIMARY KEY, body TEXT NOT NULL, received_at TEXT NOT NULL)',
  );
  const bare = await startBareHono((app) => {
    app.post('/insert', async (c) => {
      const body = await c.req.text();
      if (verify && !verify(body, (name) => c.req.header(name))) return c.json({ error: 'refused' }, 401);
      const result = await client.execute({
        sql: 'INSERT INTO requests (body, received_at) VALUES (?, ?)',
        args: [body, new Date().toISOString()],
      });
      return c.json({ id: Number(result.lastInsertRowid) }, 201);
    });
  });
  return {
    url: `${bare.url}/insert`,
    close: async () => {
      await bare.close();
      client.close();
    },
  };
}

/**
 * The ezhili server as deployed (no response validation, warn-level logs, `synchronous = FULL`
 * as in production), demo data, fresh database.
 */
export async function startBenchServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ezhili-bench-'));
  const config = loadConfig(
    {
      EZHILI_ENV: 'test',
      DATA_DIR: dataDir,
      PORT: '0',
      VALIDATE_RESPONSES: 'false',
      DATABASE_SYNCHRONOUS: 'full',
      ...env,
    },
    { demo: true },
  );
  return startServer(config, { logger: createLogger({ level: 'warn' }) });
}

/** Prints candidate against baseline as a table, with the ratio of throughputs. */
export function report(title: string, candidate: Measurement, baseline: Measurement): void {
  const ratio = candidate.requestsPerSecond / baseline.requestsPerSecond;
  const row = (m: Measurement) =>
    `  ${m.name.padEnd(34)} ${m.requestsPerSecond.toFixed(0).padStart(8)} req/s   p50 ${String(m.latencyP50Ms).padStart(4)} ms   p99 ${String(m.latencyP99Ms).padStart(4)} ms   errors ${m.errors + m.non2xx}`;
  console.log(`\n${title}`);
  console.log(row(baseline));
  console.log(row(candidate));
  console.log(
    `  ratio ezhili / bare Hono: ${ratio.toFixed(3)} (${(ratio * 100).toFixed(1)}% of the baseline's throughput)`,
  );
  if (candidate.errors + candidate.non2xx > 0)
    console.log('  WARNING: the candidate had errors or non-2xx answers');
}

/** True when this module is the script being run (so bench files work standalone and from run-all). */
export function isMain(meta: ImportMeta): boolean {
  return process.argv[1] !== undefined && new URL(meta.url).pathname === process.argv[1];
}
