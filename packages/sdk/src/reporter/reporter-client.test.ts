import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { EzhiliNotFoundError } from '../errors/ezhili-not-found-error.js';
import { fakeTime } from '../testing/fake-time.js';
import { recordRequests, useStrictNock } from '../testing/nock-recorder.js';
import { buildEvidenceMultipart, perFileLoaded } from './evidence-multipart.js';
import { ReporterClient } from './reporter-client.js';
import type { UploadProgress } from './upload-progress-fetch.js';

const BASE = 'http://ezhili.test';
const tip = {
  description: 'Spoiled meat in the fried rice',
  shop: { name: 'Golden Wok', address: '88 Bayi Road' },
  districtCode: '350102',
  category: 'expired_or_spoiled_ingredients',
  observedAt: '2026-11-27T10:00:00Z',
};
const receipt = {
  identityCode: 'FZ-7K3M-Q9XD-2',
  receiptSecret: 'secret-once',
  receipt: 'a.b.c',
  submittedAt: '2026-11-27T12:00:00Z',
  evidence: [],
  deadlines: {
    acknowledgeBy: '2026-12-04T12:00:00Z',
    feedbackBy: '2027-02-27T12:00:00Z',
    acknowledgedAt: null,
    feedbackGivenAt: null,
  },
};
const access = { identityCode: 'FZ-7K3M-Q9XD-2', receiptSecret: 'secret-once' };

function reporter() {
  return new ReporterClient({ baseUrl: BASE }, fakeTime().internals);
}

useStrictNock();

describe('the reporter client', () => {
  it('submits a tip as JSON without evidence, with an Idempotency-Key', async () => {
    const { seen, reply } = recordRequests();
    nock(BASE).post('/tips').reply(reply(201, receipt));
    const result = await reporter().tips.submit(tip);
    expect(result.identityCode).toBe('FZ-7K3M-Q9XD-2');
    expect(JSON.parse(seen[0]!.body)).toEqual(tip);
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('streams evidence as multipart with neutral file names and reports progress per file', async () => {
    const { seen, reply } = recordRequests();
    nock(BASE).post('/tips').reply(reply(201, receipt));
    const photo = new Uint8Array(50_000).fill(0xd8);
    const video = new Blob([new Uint8Array(120_000).fill(1)], { type: 'video/mp4' });
    const progress: UploadProgress[] = [];
    await reporter().tips.submit(tip, {
      evidence: [
        { data: photo, name: 'IMG_zhang_san.JPG', type: 'image/jpeg' },
        { data: video, name: 'clip.mp4' },
      ],
      onUploadProgress: (p) => progress.push(p),
    });
    const { headers, body } = seen[0]!;
    expect(headers['content-type']).toMatch(/^multipart\/form-data; boundary=----ezhili[0-9a-f]{24}$/);
    expect(headers['ezhili-upload-id']).toBeUndefined();
    expect(body).toContain('name="tip"');
    expect(body).toContain('filename="evidence-1.jpg"');
    expect(body).toContain('filename="evidence-2.mp4"');
    expect(body).toContain('Content-Type: video/mp4');
    expect(body).not.toContain('zhang_san');
    const last = progress.at(-1)!;
    expect(progress.length).toBeGreaterThan(1);
    expect(last.loadedBytes).toBe(last.totalBytes);
    expect(last.files).toEqual([
      { loadedBytes: 50_000, totalBytes: 50_000 },
      { loadedBytes: 120_000, totalBytes: 120_000 },
    ]);
    // Progress only grows.
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.loadedBytes).toBeGreaterThanOrEqual(progress[i - 1]!.loadedBytes);
  });

  it('re-sends the whole body with the same Idempotency-Key after a lost connection', async () => {
    const { seen, reply } = recordRequests();
    nock(BASE)
      .post('/tips')
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .post('/tips')
      .reply(reply(201, receipt));
    const client = reporter();
    const result = await client.tips.submit(tip, {
      evidence: [{ data: new Uint8Array(10_000), name: 'a.png' }],
    });
    expect(result.identityCode).toBe(receipt.identityCode);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toContain('filename="evidence-1.png"');
    expect(seen[0]!.body.length).toBeGreaterThan(10_000);
  });

  it('keeps a given Idempotency-Key, so a retry of the whole call after a crash lands on the same tip', async () => {
    const { seen, reply } = recordRequests();
    nock(BASE).post('/tips').twice().reply(reply(201, receipt));
    const client = reporter();
    await client.tips.submit(tip, { idempotencyKey: 'tip-2026-11-27-1' });
    await client.tips.submit(tip, { idempotencyKey: 'tip-2026-11-27-1' });
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual(['tip-2026-11-27-1', 'tip-2026-11-27-1']);
  });

  it('replies with files as one streamed multipart body, with access headers and progress', async () => {
    const { seen, reply } = recordRequests();
    const sent = {
      id: 'msg_2',
      from: 'reporter',
      body: 'Photo of the fridge',
      sentAt: '2026-11-27T12:00:00Z',
      attachments: [{ kind: 'photo', size: 30_000 }],
    };
    nock(BASE)
      .post('/tip/messages')
      .replyWithError({ code: 'ECONNRESET', message: 'socket hang up' })
      .post('/tip/messages')
      .reply(reply(201, sent));
    const progress: UploadProgress[] = [];
    const result = await reporter().tips.postMessage(
      access,
      { body: 'Photo of the fridge' },
      {
        evidence: [{ data: new Uint8Array(30_000).fill(7), name: 'IMG_li_si.jpeg' }],
        onUploadProgress: (p) => progress.push(p),
      },
    );
    expect(result).toEqual(sent);
    expect(seen).toHaveLength(1);
    const { headers, body } = seen[0]!;
    expect(headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(headers['ezhili-identity-code']).toBe(access.identityCode);
    expect(headers['ezhili-receipt-secret']).toBe(access.receiptSecret);
    expect(headers['ezhili-upload-id']).toBeUndefined();
    expect(headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toContain('name="message"');
    expect(body).toContain('{"body":"Photo of the fridge"}');
    expect(body).not.toContain('name="tip"');
    expect(body).toContain('filename="evidence-1.jpeg"');
    expect(body).toContain('Content-Type: image/jpeg');
    expect(body).not.toContain('li_si');
    expect(progress.at(-1)!.files).toEqual([{ loadedBytes: 30_000, totalBytes: 30_000 }]);
  });

  it('follows a tip with code and receipt secret in headers, never in the URL', async () => {
    const { seen, reply } = recordRequests();
    const view = { identityCode: access.identityCode, status: 'received', messages: [] };
    nock(BASE)
      .get('/tip')
      .reply(reply(200, view))
      .get('/tip/messages')
      .reply(reply(200, { items: [] }))
      .post('/tip/messages')
      .reply(
        reply(201, {
          id: 'msg_1',
          from: 'reporter',
          body: 'The back door',
          sentAt: '2026-11-27T12:00:00Z',
          attachments: [],
        }),
      )
      .post('/rewards/claims')
      .reply(reply(201, { status: 'claimed' }));
    const client = reporter();
    expect(await client.tips.get(access)).toMatchObject({ status: 'received' });
    await client.tips.listMessages(access);
    await client.tips.postMessage(access, { body: 'The back door' });
    await client.rewards.claim(access);
    for (const { headers, path } of seen) {
      expect(headers['ezhili-identity-code']).toBe(access.identityCode);
      expect(headers['ezhili-receipt-secret']).toBe(access.receiptSecret);
      expect(path).not.toContain(access.receiptSecret);
      expect(path).not.toContain(access.identityCode);
    }
    expect(JSON.parse(seen[2]!.body)).toEqual({ body: 'The back door' });
    expect(JSON.parse(seen[3]!.body)).toEqual({});
  });

  it('logs in, sends the session with later calls, and logs out', async () => {
    const { seen, reply } = recordRequests();
    const session = { token: 'rep-token', tokenType: 'Bearer', expiresAt: '2026-11-28T12:00:00Z' };
    nock(BASE)
      .post('/reporter/accounts')
      .reply(reply(201, session))
      .post('/reporter/sessions')
      .reply(reply(201, session))
      .get('/tip')
      .reply(reply(200, {}))
      .delete('/reporter/sessions/current')
      .reply(204);
    const client = reporter();
    await client.reporters.register(
      {
        realName: '张三',
        residentId: '11010519491231002X',
        phone: '13800138000',
        bankAccount: { bankName: 'Bank', accountNumber: '6222020000000000', accountName: '张三' },
        passphrase: 'correct horse battery',
      },
      { storeToken: false },
    );
    expect(client.token).toBeUndefined();
    await client.reporters.login({ phone: '13800138000', passphrase: 'correct horse battery' });
    expect(client.token).toBe('rep-token');
    await client.tips.get({ identityCode: access.identityCode });
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(seen[2]!.headers.authorization).toBe('Bearer rep-token');
    expect(seen[2]!.headers['ezhili-receipt-secret']).toBeUndefined();
    await client.reporters.logout();
    expect(client.token).toBeUndefined();
  });

  it('turns an unknown code or wrong secret into EzhiliNotFoundError', async () => {
    nock(BASE).get('/tip').reply(
      404,
      {
        type: 'https://ezhili.org/problems/tip_not_found',
        title: 'Not found',
        status: 404,
        code: 'tip_not_found',
      },
      { 'Content-Type': 'application/problem+json' },
    );
    await expect(reporter().tips.get(access)).rejects.toBeInstanceOf(EzhiliNotFoundError);
  });
});

describe('the evidence multipart body', () => {
  it('knows where each file lies in the body', async () => {
    const multipart = buildEvidenceMultipart({ a: 1 }, [
      { data: new Uint8Array([1, 2, 3]), name: 'x.jpg' },
      { data: new Blob(['abcd']), name: 'y.mov' },
    ]);
    const bytes = new Uint8Array(await multipart.body.arrayBuffer());
    const [first, second] = multipart.fileRanges;
    expect([...bytes.slice(first!.start, first!.end)]).toEqual([1, 2, 3]);
    expect(new TextDecoder().decode(bytes.slice(second!.start, second!.end))).toBe('abcd');
    expect(perFileLoaded(multipart.fileRanges, second!.start + 2)).toEqual([3, 2]);
    expect(perFileLoaded(multipart.fileRanges, 0)).toEqual([0, 0]);
  });
});
