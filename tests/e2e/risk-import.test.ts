import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, startE2eServer } from '../support/test-server.js';

describe('the risk index against a real server', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer();
  });
  afterAll(() => server.close());

  it('streams a chunked import larger than the JSON body limit, then scores and ranks the shops', async () => {
    const intake = await server.login('intake@demo.local');
    const rows = 30_000;
    let sent = 0;
    // A chunked body (no Content-Length), produced while it is sent: the server must stream it.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= rows) return controller.close();
        let chunk = '';
        for (let i = 0; i < 1000 && sent < rows; i++, sent++) {
          const day = new Date(Date.UTC(2024, 0, 1) + (sent % 700) * 86_400_000).toISOString().slice(0, 10);
          chunk += `${JSON.stringify({ date: day, licenceNumber: 'JY13501020000001', critical: sent % 3 === 0 ? 1 : 0, minor: 1, externalId: `e2e-${sent}`, violations: 'x'.repeat(40) })}\n`;
        }
        controller.enqueue(new TextEncoder().encode(chunk));
      },
    });
    const response = await fetch(`${server.url}/risk/inspection-imports?source=e2e`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${intake}`,
        'content-type': 'application/x-ndjson',
        'idempotency-key': 'e2e-import-1',
      },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      rowsRead: rows,
      inserted: rows,
      rejected: 0,
      source: 'e2e',
    });

    const admin = await server.login('admin@demo.local');
    const run = await server.api('/risk/runs', { token: admin, json: { asOf: '2026-01-01' } });
    expect(run.status).toBe(201);
    const ranked = (await (await server.api('/risk/shops?limit=3', { token: intake })).json()) as {
      items: Array<{ shopName: string; contributions: Array<{ indicator: string }> }>;
    };
    expect(ranked.items[0]!.shopName).toContain('Gulou Fish Ball');
    expect(ranked.items[0]!.contributions[0]!.indicator).toBe('critical_recent');
  });
});
