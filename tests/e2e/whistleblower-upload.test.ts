import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eServer, startE2eServer } from '../support/test-server.js';
import { makeNoiseJpeg } from './whistleblower-fixtures.js';

/** A multipart tip sent the way a phone on a slow link sends it: chunked, no Content-Length. */
describe('submitTip over a real socket, streamed', () => {
  let server: E2eServer;
  beforeAll(async () => {
    server = await startE2eServer();
  });
  afterAll(() => server.close());

  const tipJson = JSON.stringify({
    description: 'Leftover rice from yesterday is reheated and sold as fresh.',
    shop: { name: 'Old Street Congee', address: '5 Nanhou St' },
    districtCode: '350102',
    category: 'expired_or_spoiled_ingredients',
    observedAt: new Date(Date.now() - 60_000).toISOString(),
  });

  function chunked(parts: Buffer[], chunkBytes = 16 * 1024): ReadableStream<Uint8Array> {
    const whole = Buffer.concat(parts);
    let offset = 0;
    return new ReadableStream({
      async pull(controller) {
        if (offset >= whole.length) return controller.close();
        await new Promise((resolve) => setTimeout(resolve, 1));
        controller.enqueue(new Uint8Array(whole.subarray(offset, offset + chunkBytes)));
        offset += chunkBytes;
      },
    });
  }

  const boundary = 'ezhili-e2e-stream';
  const head = (name: string, filename?: string) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: image/jpeg` : ''}\r\n\r\n`,
    );
  const send = (body: ReadableStream<Uint8Array>) =>
    fetch(`${server.url}/tips`, {
      method: 'POST',
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      duplex: 'half',
    } as RequestInit);

  it('stores a photo that arrives in chunks and signs the hash of what staff will see', async () => {
    const photo = makeNoiseJpeg(640, 480);
    const response = await send(
      chunked([
        head('tip'),
        Buffer.from(tipJson),
        Buffer.from('\r\n'),
        head('evidence', 'p.jpg'),
        photo,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    );
    expect(response.status).toBe(201);
    const receipt = (await response.json()) as {
      identityCode: string;
      evidence: Array<{ id: string; sha256: string }>;
    };
    expect(receipt.evidence).toHaveLength(1);
    const caseId = String(
      (
        await server.ctx.db.execute({
          sql: 'SELECT id FROM cases WHERE identity_code = ?',
          args: [receipt.identityCode],
        })
      ).rows[0]!.id,
    );
    const token = await server.login('intake@demo.local');
    const file = await server.api(`/cases/${caseId}/evidence/${receipt.evidence[0]!.id}`, { token });
    const served = Buffer.from(await file.arrayBuffer());
    expect(createHash('sha256').update(served).digest('hex')).toBe(receipt.evidence[0]!.sha256);
  });

  it('answers a disguised file in a chunked upload with 415 and keeps no case', async () => {
    const before = Number((await server.ctx.db.execute('SELECT count(*) AS n FROM cases')).rows[0]!.n);
    const exe = Buffer.alloc(200_000);
    exe.write('MZ', 0, 'latin1');
    const response = await send(
      chunked([
        head('tip'),
        Buffer.from(tipJson),
        Buffer.from('\r\n'),
        head('evidence', 'holiday.jpg'),
        exe,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    );
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: 'unsupported_evidence_type' });
    expect(Number((await server.ctx.db.execute('SELECT count(*) AS n FROM cases')).rows[0]!.n)).toBe(before);
  });
});
