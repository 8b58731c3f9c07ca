import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeExecutable, makeJpeg, multipartForm, tagPhoto } from '../testing/evidence-fixtures.js';
import { expectStrippedJpegDownload } from '../testing/stripped-download.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

const tipJson = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    description: 'Mouldy vegetables in the walk-in fridge.',
    shop: { name: 'Green Garden', address: '12 Hualin Rd' },
    districtCode: '350102',
    category: 'expired_or_spoiled_ingredients',
    observedAt: '2026-01-04T10:00:00Z',
    ...overrides,
  });

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
  } catch {
    return [];
  }
}

describe('submitTip with evidence (multipart, streamed)', () => {
  let t: TestApp;
  let taggedJpeg: Buffer;
  let work: string;

  beforeAll(async () => {
    t = await createTestApp(
      { EVIDENCE_MAX_FILES_PER_TIP: '2', EVIDENCE_MAX_PHOTO_BYTES: '200000' },
      {},
      { now: '2026-01-05T08:00:00Z' },
    );
    work = await mkdtemp(join(tmpdir(), 'ezhili-tip-mp-'));
    const path = join(work, 'tagged.jpg');
    await writeFile(path, makeJpeg(64, 48));
    await tagPhoto(path);
    taggedJpeg = readFileSync(path);
  });
  afterAll(() => t.close());

  const jpegBlob = (bytes = taggedJpeg) => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });
  const post = (body: FormData, headers: Record<string, string> = {}) =>
    t.request('/tips', { method: 'POST', body, headers });
  const state = async () => ({
    cases: Number((await t.ctx.db.execute('SELECT count(*) AS n FROM cases')).rows[0]!.n),
    evidence: Number((await t.ctx.db.execute('SELECT count(*) AS n FROM evidence')).rows[0]!.n),
    blobs: listFiles(join(t.dataDir, 'evidence')).length,
    incoming: listFiles(join(t.dataDir, 'evidence-incoming')).length,
  });

  it('stores stripped, hashed evidence, signs its hash into the receipt, and serves it to the unit', async () => {
    const response = await post(
      multipartForm([
        ['tip', tipJson()],
        ['evidence', jpegBlob(), 'IMG_zhang.jpg'],
      ]),
    );
    expect(response.status).toBe(201);
    const receipt = (await response.json()) as {
      identityCode: string;
      receipt: string;
      evidence: Array<{ id: string; sha256: string; contentType: string; size: number }>;
    };
    expect(receipt.evidence).toHaveLength(1);
    const [file] = receipt.evidence;
    expect(file!.contentType).toBe('image/jpeg');
    expect(file!.sha256).not.toBe(createHash('sha256').update(taggedJpeg).digest('hex'));

    const jwks = createLocalJWKSet((await (await t.request('/.well-known/jwks.json')).json()) as never);
    const claims = JSON.parse(new TextDecoder().decode((await compactVerify(receipt.receipt, jwks)).payload));
    expect(claims.evidence).toEqual([{ sha256: file!.sha256, size: file!.size, contentType: 'image/jpeg' }]);

    const caseId = String(
      (
        await t.ctx.db.execute({
          sql: 'SELECT id FROM cases WHERE identity_code = ?',
          args: [receipt.identityCode],
        })
      ).rows[0]!.id,
    );
    const intake = await t.login('intake@demo.local');
    const detail = (await (await t.request(`/cases/${caseId}`, { token: intake })).json()) as {
      evidence: unknown[];
    };
    expect(detail.evidence).toEqual([file]);

    await expectStrippedJpegDownload(t, `/cases/${caseId}/evidence/${file!.id}`, intake, file!.sha256, work);

    const audit = await t.ctx.audit.list({ subjectType: 'evidence', subjectId: file!.id });
    expect(audit.map((event) => event.action)).toEqual(['evidence.downloaded']);

    // A handler of another unit cannot download it.
    const detachment = await t.login('detachment@demo.local');
    expect((await t.request(`/cases/${caseId}/evidence/${file!.id}`, { token: detachment })).status).toBe(
      404,
    );
  });

  it.each([
    [
      'an executable named .jpg',
      () =>
        multipartForm([
          ['tip', tipJson()],
          ['evidence', new Blob([new Uint8Array(makeExecutable())]), 'photo.jpg'],
        ]),
      415,
      'unsupported_evidence_type',
    ],
    [
      'a valid photo followed by a disguised file',
      () =>
        multipartForm([
          ['tip', tipJson()],
          ['evidence', jpegBlob(), 'a.jpg'],
          ['evidence', new Blob([new Uint8Array(makeExecutable())]), 'b.jpg'],
        ]),
      415,
      'unsupported_evidence_type',
    ],
    [
      'an unknown district',
      () =>
        multipartForm([
          ['tip', tipJson({ districtCode: '999999' })],
          ['evidence', jpegBlob(), 'a.jpg'],
        ]),
      422,
      'unknown_district',
    ],
    [
      'an empty description (tip part sent after the file)',
      () =>
        multipartForm([
          ['evidence', jpegBlob(), 'a.jpg'],
          ['tip', tipJson({ description: '  ' })],
        ]),
      400,
      'validation',
    ],
    [
      'too many files',
      () =>
        multipartForm([
          ['tip', tipJson()],
          ['evidence', jpegBlob(), 'a.jpg'],
          ['evidence', jpegBlob(), 'b.jpg'],
          ['evidence', jpegBlob(), 'c.jpg'],
        ]),
      413,
      'too_many_files',
    ],
    [
      'an oversized photo',
      () =>
        multipartForm([
          ['tip', tipJson()],
          ['evidence', jpegBlob(Buffer.concat([taggedJpeg, Buffer.alloc(250_000)])), 'a.jpg'],
        ]),
      413,
      'evidence_too_large',
    ],
    [
      'a missing tip part',
      () => multipartForm([['evidence', jpegBlob(), 'a.jpg']]),
      400,
      'tip_part_required',
    ],
    ['malformed tip JSON', () => multipartForm([['tip', '{"description":']]), 400, 'malformed_json'],
  ])(
    'refuses %s: a clear problem, no case, no evidence row, no orphan file',
    async (_label, build, status, code) => {
      const before = await state();
      const response = await post(build());
      expect(await response.json()).toMatchObject({ status, code });
      expect(await state()).toEqual(before);
    },
  );

  it('refuses a body cut off in the middle of a file, storing nothing', async () => {
    const before = await state();
    const boundary = 'cut-off-boundary';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="tip"\r\n\r\n${tipJson()}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="a.jpg"\r\n\r\n`,
      ),
      taggedJpeg.subarray(0, 500),
    ]);
    const response = await t.request('/tips', {
      method: 'POST',
      body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(response.status).toBe(400);
    expect(await state()).toEqual(before);
  });

  it('refuses a multipart body declared larger than the limits allow, before reading it', async () => {
    const response = await t.request('/tips', {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'multipart/form-data; boundary=b', 'content-length': String(10 ** 9) },
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('refuses a multipart body without a boundary', async () => {
    const response = await t.request('/tips', {
      method: 'POST',
      body: 'x',
      headers: { 'content-type': 'multipart/form-data' },
    });
    expect(response.status).toBe(400);
  });

  it('replays a multipart retry by its Idempotency-Key without storing the files again', async () => {
    const headers = { 'idempotency-key': 'multipart-retry-1' };
    const first = await post(
      multipartForm([
        ['tip', tipJson()],
        ['evidence', jpegBlob(), 'a.jpg'],
      ]),
      headers,
    );
    expect(first.status).toBe(201);
    const before = await state();
    const second = await post(
      multipartForm([
        ['tip', tipJson()],
        ['evidence', jpegBlob(), 'a.jpg'],
      ]),
      headers,
    );
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(await first.json());
    expect(await state()).toEqual(before);
  });
});
