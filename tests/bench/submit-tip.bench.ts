import { createHash } from 'node:crypto';
import { makeNoiseJpeg } from '../e2e/whistleblower-fixtures.js';
import {
  BENCH_SECONDS,
  isMain,
  measure,
  report,
  startBareHono,
  startBenchServer,
  startDurableInsertBaseline,
} from './harness.js';

/**
 * submitTip, as JSON and as multipart with one ~200 kB JPEG, against bare Hono endpoints that
 * take the same bodies (parse the JSON; read and hash the upload) and answer 201. The ezhili
 * side does everything a real tip does: validation, a case + tip + audit event in one
 * transaction, an EdDSA-signed receipt, and for the photo: sniffing, exiftool stripping,
 * hashing and encryption at rest.
 */
export async function benchSubmitTip(): Promise<void> {
  const tip = {
    description: 'Raw meat thawing on the floor next to the delivery bags.',
    shop: { name: 'Benchmark Bistro', address: '1 Load Test Road' },
    districtCode: '350102',
    category: 'unhygienic_kitchen',
    observedAt: new Date(Date.now() - 3_600_000).toISOString(),
  };
  const json = JSON.stringify(tip);
  const photo = makeNoiseJpeg(292, 292, 95);
  const boundary = 'ezhili-bench-boundary';
  const multipart = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="tip"\r\n\r\n${json}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="photo.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    photo,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const multipartType = `multipart/form-data; boundary=${boundary}`;

  const bare = await startBareHono((app) => {
    app.post('/tips', async (c) => {
      if ((c.req.header('content-type') ?? '').startsWith('multipart/')) {
        const body = Buffer.from(await c.req.arrayBuffer());
        return c.json({ sha256: createHash('sha256').update(body).digest('hex') }, 201);
      }
      const body = await c.req.json();
      return c.json({ received: Boolean(body.description) }, 201);
    });
  });
  const durable = await startDurableInsertBaseline();
  const server = await startBenchServer();
  try {
    console.log(`photo: ${photo.length} bytes (multipart body ${multipart.length} bytes)`);
    const jsonLoad = { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: json };
    const jsonTips = await measure('ezhili submitTip (JSON)', { url: `${server.url}/tips`, ...jsonLoad });
    report(
      `submitTip JSON, ${BENCH_SECONDS} s each`,
      jsonTips,
      await measure('bare Hono POST /tips (JSON)', { url: `${bare.url}/tips`, ...jsonLoad }),
    );
    // The write path's target: at least 0.5x of one fsynced insert per request (issue 15.9).
    report(
      `submitTip JSON against one durable insert per request (synchronous = FULL), ${BENCH_SECONDS} s each`,
      jsonTips,
      await measure('bare Hono + 1 fsynced insert', { url: durable.url, ...jsonLoad }),
    );
    const photoLoad = {
      method: 'POST' as const,
      headers: { 'content-type': multipartType },
      body: multipart,
    };
    report(
      `submitTip multipart with one ${Math.round(photo.length / 1024)} kB JPEG, ${BENCH_SECONDS} s each`,
      await measure('ezhili submitTip (1 JPEG)', { url: `${server.url}/tips`, ...photoLoad }),
      await measure('bare Hono POST /tips (read+hash)', { url: `${bare.url}/tips`, ...photoLoad }),
    );
  } finally {
    await server.close();
    await bare.close();
    await durable.close();
  }
}

if (isMain(import.meta)) await benchSubmitTip();
