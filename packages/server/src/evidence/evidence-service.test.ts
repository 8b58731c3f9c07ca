import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconstructAuditPrivateKey } from '../audit/audit-key.js';
import { generateSealingKeyPair } from '../crypto/sealed-box.js';
import type { ProblemError } from '../problem/problem-error.js';
import {
  LEAKY_METADATA,
  makeExecutable,
  makeJpeg,
  makeMovie,
  makePng,
  makeWebp,
  mediaDataHeader,
  movieHeader,
  pngChunks,
  riffChunks,
  tagExifAndXmp,
  tagMovie,
  tagPhoto,
} from '../testing/evidence-fixtures.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { readEvidenceConfig } from './evidence-config.js';
import { createEvidenceService, type EvidenceService } from './evidence-service.js';
import { endSharedExifTool, identifyingTags, readAllTags } from './metadata-stripper.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Every file under `dir`, recursively (relative paths). */
function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

/** The entropy-coded scan of a JPEG: from the SOS marker to EOI. Unchanged when not re-encoded. */
function jpegScanData(file: Buffer): Buffer {
  const sos = file.indexOf(Buffer.from([0xff, 0xda]));
  return file.subarray(sos);
}

/**
 * Uploads still spooled (plaintext). Evidence this file stores through the service directly, with
 * no submission to record it, keeps its `.pending` marker, as it would after a crash.
 */
const spooled = (dir: string) => filesUnder(dir).filter((name) => !name.endsWith('.pending'));

describe('evidence intake', () => {
  let t: TestApp;
  let evidence: EvidenceService;
  let work: string;
  let auditShares: string[];

  beforeAll(async () => {
    t = await createTestApp();
    evidence = createEvidenceService(t.ctx);
    work = join(t.dataDir, 'fixtures');
    (await import('node:fs')).mkdirSync(work);
    auditShares = (
      JSON.parse(readFileSync(join(t.dataDir, 'demo-audit-shares.json'), 'utf8')) as { shares: string[] }
    ).shares;
  });
  afterAll(async () => {
    await endSharedExifTool();
    t.close();
  });

  /** Writes the fixture, lets exiftool tag it, and returns the tagged bytes. */
  async function tagged(name: string, bytes: Buffer, tag: (path: string) => Promise<void>): Promise<Buffer> {
    const path = join(work, name);
    writeFileSync(path, bytes);
    await tag(path);
    return readFileSync(path);
  }

  /** The stripped file as staff would download it, and its tags read back with exiftool. */
  async function download(id: string, name: string) {
    const file = await evidence.open(id);
    const bytes = await buffer(file.stream);
    const path = join(work, name);
    writeFileSync(path, bytes);
    return { file, bytes, tags: (await readAllTags(path)) as unknown as Record<string, unknown> };
  }

  const expectNoLeak = (tags: Record<string, unknown>) => {
    expect(identifyingTags(tags as never)).toEqual([]);
    const text = JSON.stringify(tags);
    for (const value of [
      LEAKY_METADATA.make,
      LEAKY_METADATA.model,
      LEAKY_METADATA.artist,
      '26 deg',
      '119 deg',
      'SN-998877',
      '2026:01:02',
    ]) {
      expect(text).not.toContain(value);
    }
  };

  it('strips a JPEG without re-encoding it, and seals the original for the auditors', async () => {
    const original = await tagged('tagged.jpg', makeJpeg(64, 32), tagPhoto);
    expect(JSON.stringify(await readAllTags(join(work, 'tagged.jpg')))).toContain(LEAKY_METADATA.make);

    const stored = await evidence.ingest(Readable.from([original]), { declaredName: 'IMG_zhang.jpg' });
    expect(stored).toMatchObject({
      contentType: 'image/jpeg',
      kind: 'photo',
      originalSha256: sha256(original),
      originalSize: original.length,
    });
    expect(stored.removedMetadata).toEqual(
      expect.arrayContaining([
        'GPS:GPSLatitude',
        'IFD0:Make',
        'IFD0:Model',
        'IFD0:Artist',
        'XMP-dc:Creator',
        'IPTC:By-line',
      ]),
    );
    expect(stored.removedMetadata).not.toContain('IFD0:Orientation');

    const { bytes, tags, file } = await download(stored.id, 'stripped.jpg').catch(async (error) => {
      // Not yet in the database: insert it as the tips module would, with its case.
      await t.ctx.db.batch([evidence.insertEvidenceStatement(stored, 'case_jpeg')]);
      if ((error as ProblemError).status !== 404) throw error;
      return download(stored.id, 'stripped.jpg');
    });
    expect(file).toMatchObject({
      caseId: 'case_jpeg',
      contentType: 'image/jpeg',
      size: bytes.length,
      sha256: sha256(bytes),
    });
    expect(stored.sha256).toBe(sha256(bytes));
    expectNoLeak(tags);
    expect(tags['IFD0:Orientation']).toBe('Rotate 90 CW');
    // No re-encoding: the same scan data, the same pixels.
    expect(jpegScanData(bytes).equals(jpegScanData(original))).toBe(true);
    expect(Buffer.from(jpeg.decode(bytes).data).equals(Buffer.from(jpeg.decode(original).data))).toBe(true);

    // At rest both blobs are ciphertext.
    const blobs = filesUnder(evidence.config.storeDir);
    expect(blobs).toHaveLength(2);
    for (const blob of blobs) {
      const raw = readFileSync(blob);
      expect(raw.subarray(0, 4).toString()).toBe('EZE1');
      expect(raw.includes(Buffer.from(LEAKY_METADATA.make))).toBe(false);
      expect(raw.includes(jpegScanData(bytes).subarray(0, 64))).toBe(false);
    }

    // The original opens with k of n auditors' shares, and with nothing else.
    const auditKey = await reconstructAuditPrivateKey(t.ctx.auditKey, auditShares.slice(0, 2));
    const unsealed = await evidence.openOriginal(stored.id, auditKey);
    const originalBytes = await buffer(unsealed.stream);
    expect(originalBytes.equals(original)).toBe(true);
    expect(unsealed.sha256).toBe(sha256(original));
    auditKey.fill(0);
    await expect(evidence.openOriginal(stored.id, generateSealingKeyPair().privateKey)).rejects.toThrow();

    expect(await evidence.list('case_jpeg')).toEqual([
      expect.objectContaining({
        id: stored.id,
        contentType: 'image/jpeg',
        sha256: stored.sha256,
        size: stored.size,
      }),
    ]);
    expect(JSON.stringify(await evidence.list('case_jpeg'))).not.toContain('IMG_zhang');
  });

  it('drops data hidden after the JPEG end marker (e.g. a tagged second picture)', async () => {
    const hidden = await tagged('hidden.jpg', makeJpeg(8, 8), tagPhoto);
    const stored = await evidence.ingest(Readable.from([Buffer.concat([makeJpeg(16, 16), hidden])]));
    await t.ctx.db.batch([evidence.insertEvidenceStatement(stored, 'case_trailer')]);
    const { bytes, tags } = await download(stored.id, 'trailer.jpg');
    expectNoLeak(tags);
    expect(bytes.includes(Buffer.from(LEAKY_METADATA.make))).toBe(false);
    expect(bytes.includes(Buffer.from('Exif'))).toBe(false);
  });

  it('strips PNG text, XMP and eXIf chunks and keeps the image data', async () => {
    const original = await tagged('tagged.png', makePng(), tagExifAndXmp);
    expect(pngChunks(original).map((c) => c.type)).toEqual(expect.arrayContaining(['tEXt', 'eXIf', 'iTXt']));
    const stored = await evidence.ingest(Readable.from([original]));
    await t.ctx.db.batch([evidence.insertEvidenceStatement(stored, 'case_png')]);
    expect(stored.contentType).toBe('image/png');
    const { bytes, tags } = await download(stored.id, 'stripped.png');
    expectNoLeak(tags);
    expect(pngChunks(bytes).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    const idat = (png: Buffer) => pngChunks(png).find((c) => c.type === 'IDAT')!.data;
    expect(idat(bytes).equals(idat(original))).toBe(true);
  });

  it('strips EXIF and XMP chunks from a WebP and keeps the image bitstream', async () => {
    const original = await tagged('tagged.webp', makeWebp(), tagExifAndXmp);
    expect(riffChunks(original).map((c) => c.type)).toEqual(
      expect.arrayContaining(['VP8X', 'EXIF', 'XMP ', 'VP8L']),
    );
    const stored = await evidence.ingest(Readable.from([original]));
    await t.ctx.db.batch([evidence.insertEvidenceStatement(stored, 'case_webp')]);
    expect(stored).toMatchObject({ contentType: 'image/webp', kind: 'photo' });
    const { bytes, tags } = await download(stored.id, 'stripped.webp');
    expectNoLeak(tags);
    const types = riffChunks(bytes).map((c) => c.type);
    expect(types).not.toContain('EXIF');
    expect(types).not.toContain('XMP ');
    const bitstream = (webp: Buffer) => riffChunks(webp).find((c) => c.type === 'VP8L')!.data;
    expect(bitstream(bytes).equals(bitstream(original))).toBe(true);
  });

  it.each([
    ['isom', 'video/mp4'],
    ['qt  ', 'video/quicktime'],
  ] as const)(
    'strips QuickTime GPS, device, author and dates from a %s movie',
    async (brand, contentType) => {
      const name = brand === 'isom' ? 'tagged.mp4' : 'tagged.mov';
      const original = await tagged(name, makeMovie(brand), tagMovie);
      const before = JSON.stringify(await readAllTags(join(work, name)));
      expect(before).toContain(LEAKY_METADATA.make);
      expect(before).toContain('GPSCoordinates');
      const stored = await evidence.ingest(Readable.from([original]));
      await t.ctx.db.batch([evidence.insertEvidenceStatement(stored, `case_${brand.trim()}`)]);
      expect(stored).toMatchObject({ contentType, kind: 'video' });
      expect(stored.removedMetadata).toEqual(
        expect.arrayContaining(['UserData:GPSCoordinates', 'Keys:Make', 'UserData:Artist']),
      );
      const { bytes, tags } = await download(stored.id, `stripped-${name}`);
      expectNoLeak(tags);
      expect(tags['QuickTime:CreateDate']).toBe('0000:00:00 00:00:00');
      // The media data is untouched.
      const mdat = (movie: Buffer) => movie.subarray(movie.indexOf(Buffer.from('mdat')) + 4);
      expect(mdat(bytes).equals(mdat(original))).toBe(true);
    },
  );

  it('refuses a disguised executable and other non-media by their bytes, leaving nothing behind', async () => {
    const before = filesUnder(evidence.config.storeDir).length;
    for (const bytes of [makeExecutable(), Buffer.from('just some text pretending to be a photo')]) {
      const error = (await evidence
        .ingest(Readable.from([bytes]), { declaredName: 'holiday.jpg' })
        .catch((e: unknown) => e)) as ProblemError;
      expect(error.status).toBe(415);
      expect(error.code).toBe('unsupported_evidence_type');
    }
    const empty = (await evidence.ingest(Readable.from([])).catch((e: unknown) => e)) as ProblemError;
    expect(empty.code).toBe('empty_evidence');
    // A JPEG header followed by garbage: sniffed as JPEG, but exiftool cannot process it.
    const broken = (await evidence
      .ingest(Readable.from([Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)])]))
      .catch((e: unknown) => e)) as ProblemError;
    expect(broken.status).toBe(422);
    expect(filesUnder(evidence.config.storeDir)).toHaveLength(before);
    expect(spooled(evidence.config.incomingDir)).toEqual([]);
  });

  it('stops an oversized upload, drains it and leaves no file behind', async () => {
    const before = filesUnder(evidence.config.storeDir).length;
    const megabyte = Buffer.alloc(1024 * 1024, 1);
    let produced = 0;
    const source = new Readable({
      read() {
        produced += 1;
        this.push(produced <= 5 ? megabyte : null);
      },
    });
    const error = (await evidence
      .ingest(source, { maxBytes: 1024 * 1024 + 10 })
      .catch((e: unknown) => e)) as ProblemError;
    expect(error.status).toBe(413);
    expect(error.code).toBe('evidence_too_large');
    // The rest of the stream is drained, so a multipart parser reading it moves on.
    if (!source.readableEnded) await once(source, 'end');
    expect(produced).toBe(6);
    expect(spooled(evidence.config.incomingDir)).toEqual([]);
    expect(filesUnder(evidence.config.storeDir)).toHaveLength(before);

    // Per-kind limits: a photo over the photo limit is refused even under the stream cap.
    const strict = createEvidenceService(t.ctx, {
      config: readEvidenceConfig({
        ...t.ctx.config,
        rawEnv: { ...t.ctx.config.rawEnv, EVIDENCE_MAX_PHOTO_BYTES: '2048' },
      }),
    });
    const photo = (await strict
      .ingest(Readable.from([makeJpeg(256, 256)]))
      .catch((e: unknown) => e)) as ProblemError;
    expect(photo.status).toBe(413);
    expect(photo.detail).toContain('photo');
    expect(spooled(evidence.config.incomingDir)).toEqual([]);
  });

  it('accepts a web ReadableStream and deletes discarded evidence', async () => {
    const web = Readable.toWeb(Readable.from([makeJpeg()]));
    const stored = await evidence.ingest(web as never);
    expect(filesUnder(evidence.config.storeDir).some((path) => path.endsWith(stored.id))).toBe(true);
    await evidence.discard([stored]);
    await evidence.discard([stored]);
    expect(filesUnder(evidence.config.storeDir).some((path) => path.includes(stored.id))).toBe(false);
  });

  it('refuses to serve a tampered blob', async () => {
    const stored = await evidence.ingest(Readable.from([makeJpeg()]));
    await t.ctx.db.batch([evidence.insertEvidenceStatement(stored, 'case_tamper')]);
    const blob = filesUnder(evidence.config.storeDir).find((path) =>
      path.endsWith(join('evidence', stored.id)),
    )!;
    const raw = readFileSync(blob);
    raw[raw.length - 20]! ^= 1;
    writeFileSync(blob, raw);
    const file = await evidence.open(stored.id);
    await expect(buffer(file.stream)).rejects.toThrow(/authentication/);
    await expect(evidence.open('evd_unknown')).rejects.toMatchObject({ status: 404 });
  });

  it('streams a 64 MB video through with bounded memory', async () => {
    const mediaBytes = 64 * 1024 * 1024;
    const block = Buffer.alloc(1024 * 1024, 0x5a);
    let sent = 0;
    const header = Buffer.concat([movieHeader('isom'), mediaDataHeader(mediaBytes)]);
    const hash = createHash('sha256').update(header);
    const source = new Readable({
      read() {
        if (sent === 0) this.push(header);
        if (sent >= mediaBytes) return this.push(null);
        sent += block.length;
        hash.update(block);
        this.push(block);
      },
    });
    // Measure what is retained (after a collection), not garbage awaiting one.
    setFlagsFromString('--expose_gc');
    const gc = runInNewContext('gc') as () => void;
    const retained = () => {
      // Twice: V8 frees ArrayBuffer memory on a background sweeper that the next collection
      // waits for, so the second pass makes the accounting of the first exact.
      gc();
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    const baseline = retained();
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, retained() - baseline);
    }, 250);
    try {
      const stored = await evidence.ingest(source);
      expect(stored.kind).toBe('video');
      expect(stored.originalSize).toBe(header.length + mediaBytes);
      expect(stored.originalSha256).toBe(hash.digest('hex'));
      expect(stored.size).toBeGreaterThan(mediaBytes);
      await evidence.discard([stored]);
    } finally {
      clearInterval(sampler);
    }
    // Buffering the file would retain at least 64 MB; streaming holds a few chunks.
    expect(peak).toBeLessThan(24 * 1024 * 1024);
  }, 120_000);
});
