import { BENCH_SECONDS, isMain, measure, report, startBareHono, startBenchServer } from './harness.js';

/** getHealth (a database round-trip through every middleware) against a bare Hono JSON endpoint. */
export async function benchHealth(): Promise<void> {
  const bare = await startBareHono((app) => {
    app.get('/healthz', (c) =>
      c.json({ status: 'ok', database: 'ok', version: '0', time: new Date().toISOString() }),
    );
  });
  const server = await startBenchServer();
  try {
    const baseline = await measure('bare Hono GET /healthz', { url: `${bare.url}/healthz` });
    const candidate = await measure('ezhili getHealth', { url: `${server.url}/healthz` });
    report(`getHealth, ${BENCH_SECONDS} s each`, candidate, baseline);
  } finally {
    await server.close();
    await bare.close();
  }
}

if (isMain(import.meta)) await benchHealth();
