import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeExecutable, makeJpeg, multipartForm, tagPhoto } from '../testing/evidence-fixtures.js';
import { expectStrippedJpegDownload } from '../testing/stripped-download.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { submitTriagedTip } from '../testing/triaged-tip.js';

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

interface Attachment {
  evidenceId: string;
  kind: string;
  contentType: string;
  size: number;
  sha256: string;
}

describe('postTipMessage with files (multipart, streamed)', () => {
  let t: TestApp;
  let taggedJpeg: Buffer;
  let work: string;
  let receipt: { identityCode: string; receiptSecret: string };
  let caseId: string;
  let handler: string;

  beforeAll(async () => {
    t = await createTestApp({ EVIDENCE_MAX_FILES_PER_TIP: '2', EVIDENCE_MAX_PHOTO_BYTES: '200000' });
    work = await mkdtemp(join(tmpdir(), 'ezhili-msg-mp-'));
    const path = join(work, 'tagged.jpg');
    await writeFile(path, makeJpeg(64, 48));
    await tagPhoto(path);
    taggedJpeg = readFileSync(path);
    ({ receipt, caseId, handler } = await submitTriagedTip(t, {
      description: 'Raw chicken stored above salads.',
      shop: { name: 'Riverside Noodles', address: '3 Jiangbin Rd' },
    }));
  });
  afterAll(() => t.close());

  const message = (body: string) => JSON.stringify({ body });
  const jpegBlob = (bytes = taggedJpeg) => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });
  const reporterHeaders = () => ({
    'ezhili-identity-code': receipt.identityCode,
    'ezhili-receipt-secret': receipt.receiptSecret,
  });
  const post = (body: FormData, headers: Record<string, string> = {}) =>
    t.request('/tip/messages', { method: 'POST', body, headers: { ...reporterHeaders(), ...headers } });
  const state = async () => ({
    messages: Number((await t.ctx.db.execute('SELECT count(*) AS n FROM messages')).rows[0]!.n),
    attachments: Number((await t.ctx.db.execute('SELECT count(*) AS n FROM message_attachments')).rows[0]!.n),
    evidence: Number((await t.ctx.db.execute('SELECT count(*) AS n FROM evidence')).rows[0]!.n),
    blobs: listFiles(join(t.dataDir, 'evidence')).length,
    incoming: listFiles(join(t.dataDir, 'evidence-incoming')).length,
  });
  const caseMessages = async () =>
    (await (await t.request(`/cases/${caseId}`, { token: handler })).json()) as {
      evidence: Array<{ id: string }>;
      messages: Array<{ id: string; body: string; attachments: Attachment[] }>;
    };

  it('stores the files as stripped evidence of the case, downloadable by its handler', async () => {
    const response = await post(
      multipartForm([
        ['message', message('Here is the fridge.')],
        ['evidence', jpegBlob(), 'IMG_zhang.jpg'],
      ]),
    );
    expect(response.status).toBe(201);
    const sent = (await response.json()) as { id: string; attachments: unknown[] };
    expect(sent.attachments).toEqual([{ kind: 'photo', size: expect.any(Number) }]);

    // The reporter sees count, kind and size, never a name or an evidence id.
    const list = (await (await t.request('/tip/messages', { headers: reporterHeaders() })).json()) as {
      items: Array<{ id: string; attachments: unknown[] }>;
    };
    const listed = list.items.find((item) => item.id === sent.id)!;
    expect(listed.attachments).toEqual(sent.attachments);
    expect(JSON.stringify(list)).not.toMatch(/IMG_zhang|evd_/);
    const view = (await (await t.request('/tip', { headers: reporterHeaders() })).json()) as {
      messages: Array<{ id: string; attachments: unknown[] }>;
    };
    expect(view.messages.find((item) => item.id === sent.id)!.attachments).toEqual(sent.attachments);

    // Staff: the attachment names its evidence file, which is also in the case's evidence list.
    const detail = await caseMessages();
    const [attachment] = detail.messages.find((item) => item.id === sent.id)!.attachments;
    expect(attachment).toMatchObject({ kind: 'photo', contentType: 'image/jpeg' });
    expect(detail.evidence.map((file) => file.id)).toContain(attachment!.evidenceId);
    expect(attachment!.sha256).not.toBe(createHash('sha256').update(taggedJpeg).digest('hex'));
    expect(JSON.stringify(detail)).not.toContain('IMG_zhang');

    await expectStrippedJpegDownload(
      t,
      `/cases/${caseId}/evidence/${attachment!.evidenceId}`,
      handler,
      attachment!.sha256,
      work,
    );

    // The sealed original is kept for the auditors, as for tip evidence.
    const row = (
      await t.ctx.db.execute({
        sql: 'SELECT original_sha256, original_sealed_key FROM evidence WHERE id = ?',
        args: [attachment!.evidenceId],
      })
    ).rows[0]!;
    expect(row.original_sha256).toBe(createHash('sha256').update(taggedJpeg).digest('hex'));
    expect(JSON.parse(String(row.original_sealed_key))).toBeTruthy();
    const audit = await t.ctx.audit.list({ subjectType: 'case', subjectId: caseId });
    expect(
      audit.find((event) => event.action === 'message.from_reporter' && event.details.messageId === sent.id),
    ).toBeTruthy();
  });

  it('refuses a disguised file and writes nothing', async () => {
    const before = await state();
    const response = await post(
      multipartForm([
        ['message', message('And this one.')],
        ['evidence', jpegBlob(), 'a.jpg'],
        ['evidence', new Blob([new Uint8Array(makeExecutable())], { type: 'image/jpeg' }), 'photo.jpg'],
      ]),
    );
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ code: 'unsupported_evidence_type' });
    expect(await state()).toEqual(before);
  });

  it('refuses too many files and writes nothing', async () => {
    const before = await state();
    const response = await post(
      multipartForm([
        ['message', message('Three photos.')],
        ['evidence', jpegBlob(), 'a.jpg'],
        ['evidence', jpegBlob(), 'b.jpg'],
        ['evidence', jpegBlob(), 'c.jpg'],
      ]),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'too_many_files' });
    expect(await state()).toEqual(before);
  });

  it('refuses an oversized file and writes nothing', async () => {
    const before = await state();
    const big = Buffer.concat([taggedJpeg, Buffer.alloc(250_000)]);
    const response = await post(
      multipartForm([
        ['message', message('A big one.')],
        ['evidence', jpegBlob(big), 'big.jpg'],
      ]),
    );
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'evidence_too_large' });
    expect(await state()).toEqual(before);
  });

  it('refuses an invalid message part after the files and writes nothing', async () => {
    const before = await state();
    const response = await post(
      multipartForm([
        ['evidence', jpegBlob(), 'a.jpg'],
        ['message', JSON.stringify({ body: '   ' })],
      ]),
    );
    expect(response.status).toBe(400);
    expect(await state()).toEqual(before);
  });

  it('creates one message for a retry with the same Idempotency-Key', async () => {
    const before = await state();
    const body = () =>
      multipartForm([
        ['message', message('Sent twice over a bad connection.')],
        ['evidence', jpegBlob(), 'a.jpg'],
      ]);
    const key = { 'idempotency-key': 'reply-with-photo-1' };
    const first = await post(body(), key);
    const second = await post(body(), key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(((await second.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    const after = await state();
    expect(after.messages).toBe(before.messages + 1);
    expect(after.evidence).toBe(before.evidence + 1);
    // The retry's own upload was never read, so no second blob pair was stored.
    expect(after.blobs).toBe(before.blobs + 2);
  });

  it('refuses files for a closed case and writes nothing', async () => {
    await t.request(`/cases/${caseId}/transitions`, { token: handler, json: { action: 'investigate' } });
    await t.request(`/cases/${caseId}/transitions`, {
      token: handler,
      json: { action: 'close', outcome: 'not_confirmed', summary: 'Nothing found on inspection.' },
    });
    const before = await state();
    const response = await post(
      multipartForm([
        ['message', message('Too late.')],
        ['evidence', jpegBlob(), 'a.jpg'],
      ]),
    );
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ code: 'case_closed' });
    expect(await state()).toEqual(before);
  });
});
