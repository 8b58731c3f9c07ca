import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartForm } from '../testing/evidence-fixtures.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';

/** A 64×48 photo: a smooth colour gradient, nowhere black. */
async function gradientPhoto(format: 'png' | 'jpeg'): Promise<Buffer> {
  const width = 64;
  const height = 48;
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = 80 + x * 2;
      raw[i + 1] = 90 + y * 3;
      raw[i + 2] = 200;
    }
  }
  const image = sharp(raw, { raw: { width, height, channels: 3 } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 95 }).toBuffer();
}

async function pixels(bytes: ArrayBuffer | Buffer) {
  const { data, info } = await sharp(Buffer.from(bytes as ArrayBuffer))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    at: (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)],
    info,
  };
}

function blobCount(dir: string, under: string): number {
  try {
    return readdirSync(join(dir, under)).filter((name) => statSync(join(dir, under, name)).isFile()).length;
  } catch {
    return 0;
  }
}

describe('redactEvidence (opaque boxes drawn with sharp)', () => {
  let t: TestApp;
  let caseId: string;
  let photoId: string;
  let jpegId: string;
  let handler: string;
  let original: Buffer;

  beforeAll(async () => {
    t = await createTestApp();
    original = await gradientPhoto('png');
    const tip = {
      description: 'Cook without gloves, see photo.',
      districtCode: '350102',
      category: 'unhygienic_kitchen',
      observedAt: t.clock.now().toISOString(),
      shop: { name: 'Riverside Noodles', address: '3 Jiangbin Rd' },
    };
    const submitted = await t.request('/tips', {
      method: 'POST',
      body: multipartForm([
        ['tip', JSON.stringify(tip)],
        ['evidence', new Blob([new Uint8Array(original)], { type: 'image/png' }), 'a.png'],
        [
          'evidence',
          new Blob([new Uint8Array(await gradientPhoto('jpeg'))], { type: 'image/jpeg' }),
          'b.jpg',
        ],
      ]),
    });
    expect(submitted.status).toBe(201);
    const { identityCode } = (await submitted.json()) as { identityCode: string };
    caseId = String(
      (await t.ctx.db.execute({ sql: 'SELECT id FROM cases WHERE identity_code = ?', args: [identityCode] }))
        .rows[0]!.id,
    );
    const triage = await t.request(`/cases/${caseId}/triage`, {
      token: await t.login('intake@demo.local'),
      json: { decision: 'accept', classification: 'general' },
    });
    expect(triage.status).toBe(200);
    handler = await t.login('district@demo.local');
    const detail = (await (await t.request(`/cases/${caseId}`, { token: handler })).json()) as {
      evidence: Array<{ id: string; contentType: string }>;
    };
    photoId = detail.evidence.find((file) => file.contentType === 'image/png')!.id;
    jpegId = detail.evidence.find((file) => file.contentType === 'image/jpeg')!.id;
  });
  afterAll(() => t.close());

  const redact = (evidenceId: string, body: unknown, token = handler) =>
    t.request(`/cases/${caseId}/evidence/${evidenceId}/redactions`, { token, json: body });
  const download = (evidenceId: string, token: string) =>
    t.request(`/cases/${caseId}/evidence/${evidenceId}`, { token });

  it('draws an opaque box; everyone downloads the redacted photo, which carries no metadata', async () => {
    const before = await pixels(await (await download(photoId, handler)).arrayBuffer());
    expect(before.at(20, 20)).not.toEqual([0, 0, 0]);

    const response = await redact(photoId, {
      reason: 'A bystander',
      regions: [{ x: 10, y: 12, width: 20, height: 15 }],
    });
    expect(response.status).toBe(201);
    const redaction = (await response.json()) as {
      id: string;
      version: number;
      sha256: string;
      contentType: string;
    };
    expect(redaction).toMatchObject({ version: 1, contentType: 'image/png' });

    // The handler's unit, an auditor and an admin all receive the redacted version.
    for (const token of [handler, await t.login('auditor1@demo.local'), await t.login('admin@demo.local')]) {
      const file = await download(photoId, token);
      expect(file.status).toBe(200);
      expect(file.headers.get('ezhili-evidence-sha256')).toBe(redaction.sha256);
      const bytes = Buffer.from(await file.arrayBuffer());
      const image = await pixels(bytes);
      expect(image.info).toMatchObject({ width: 64, height: 48 });
      for (const [x, y] of [
        [10, 12],
        [29, 26],
        [20, 20],
      ])
        expect(image.at(x!, y!)).toEqual([0, 0, 0]);
      // Outside the box the photo is unchanged (PNG is lossless).
      for (const [x, y] of [
        [9, 12],
        [30, 26],
        [50, 40],
      ])
        expect(image.at(x!, y!)).toEqual(before.at(x!, y!));
      const meta = await sharp(bytes).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
    }

    const detail = (await (await t.request(`/cases/${caseId}`, { token: handler })).json()) as {
      evidence: Array<{ id: string; sha256: string; redaction?: { id: string; version: number } }>;
      redactions: Array<{ id: string; kind: string; target: { type: string; id: string } }>;
    };
    const listed = detail.evidence.find((file) => file.id === photoId)!;
    expect(listed).toMatchObject({ sha256: redaction.sha256, redaction: { id: redaction.id, version: 1 } });
    expect(detail.redactions).toEqual([
      expect.objectContaining({
        id: redaction.id,
        kind: 'evidence',
        target: { type: 'evidence', id: photoId },
      }),
    ]);

    const audit = await t.ctx.audit.list({ subjectType: 'evidence', subjectId: photoId });
    const redacted = audit.filter((event) => event.action === 'evidence.redacted');
    expect(redacted).toHaveLength(1);
    expect(redacted[0]!.details).toMatchObject({ caseId, redactionId: redaction.id, version: 1, regions: 1 });
  });

  it('adds a second redaction to the first, and keeps only the current redacted blob', async () => {
    const blobsBefore = blobCount(join(t.dataDir, 'evidence'), 'redacted');
    const response = await redact(photoId, {
      reason: 'A plate',
      regions: [{ x: 40, y: 30, width: 10, height: 10 }],
    });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { version: number }).version).toBe(2);
    const image = await pixels(await (await download(photoId, handler)).arrayBuffer());
    expect(image.at(20, 20)).toEqual([0, 0, 0]);
    expect(image.at(45, 35)).toEqual([0, 0, 0]);
    expect(blobCount(join(t.dataDir, 'evidence'), 'redacted')).toBe(blobsBefore);
  });

  it('redacts a JPEG into a JPEG whose box is black', async () => {
    const response = await redact(jpegId, {
      reason: 'A face',
      regions: [{ x: 0, y: 0, width: 32, height: 24 }],
    });
    expect(response.status).toBe(201);
    const file = await download(jpegId, await t.login('auditor2@demo.local'));
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    const image = await pixels(await file.arrayBuffer());
    for (const [x, y] of [
      [2, 2],
      [16, 12],
      [28, 20],
    ]) {
      for (const channel of image.at(x!, y!)) expect(channel).toBeLessThanOrEqual(3);
    }
    expect(image.at(50, 40)[2]).toBeGreaterThan(150);
  });

  it('refuses a region outside the image, other units and read-only roles, and changes nothing', async () => {
    const before = (await t.ctx.db.execute('SELECT count(*) AS n FROM evidence_redactions')).rows[0]!.n;
    const outside = await redact(photoId, { reason: 'x', regions: [{ x: 60, y: 0, width: 10, height: 5 }] });
    expect(outside.status).toBe(422);
    expect(((await outside.json()) as { code: string }).code).toBe('region_outside_image');
    const otherUnit = await redact(
      photoId,
      { reason: 'x', regions: [{ x: 0, y: 0, width: 1, height: 1 }] },
      await t.login('detachment@demo.local'),
    );
    expect(otherUnit.status).toBe(404);
    const auditor = await redact(
      photoId,
      { reason: 'x', regions: [{ x: 0, y: 0, width: 1, height: 1 }] },
      await t.login('auditor1@demo.local'),
    );
    expect(auditor.status).toBe(403);
    const anonymous = await t.request(`/cases/${caseId}/evidence/${photoId}/redactions`, {
      json: { reason: 'x', regions: [{ x: 0, y: 0, width: 1, height: 1 }] },
    });
    expect(anonymous.status).toBe(401);
    expect((await t.ctx.db.execute('SELECT count(*) AS n FROM evidence_redactions')).rows[0]!.n).toBe(before);
  });

  it('after a reroute, the other unit receives the redacted photo', async () => {
    const reroute = await t.request(`/cases/${caseId}/transitions`, {
      token: handler,
      json: { action: 'reroute', classification: 'complex', reason: 'Chain of shops' },
    });
    expect(reroute.status).toBe(200);
    const image = await pixels(
      await (await download(photoId, await t.login('detachment@demo.local'))).arrayBuffer(),
    );
    expect(image.at(20, 20)).toEqual([0, 0, 0]);
  });
});
