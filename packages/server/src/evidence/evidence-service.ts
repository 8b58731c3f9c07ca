import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Schema } from '@ezhili/contract';
import { openSealed, type SealedBox, sealTo } from '../crypto/sealed-box.js';
import type { Executor, InStatement } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { crashPoint } from '../http/crash-points.js';
import { newId } from '../ids/ids.js';
import { loadSecretKey } from '../keys/secret-key-file.js';
import { badRequest, notFound, ProblemError, unprocessable } from '../problem/problem-error.js';
import { getDecrypted, putEncrypted } from './evidence-blobs.js';
import { EVIDENCE_SETTINGS, type EvidenceConfig } from './evidence-config.js';
import { type RedactionInput, redactedContext, redactPhoto } from './evidence-redaction.js';
import { createFileEvidenceStore, type EvidenceStore } from './evidence-store.js';
import { type EvidenceKind, sniffEvidenceType } from './evidence-types.js';
import { readAllTags, stripMetadata } from './metadata-stripper.js';
import { markPending, spoolPath } from './upload-spool.js';

/** `KEYS_DIR/evidence.key`: encrypts stripped evidence at rest. */
export const EVIDENCE_KEY_NAME = 'evidence';

/** An evidence file that passed every check and is stored, encrypted, but not yet in the database. */
export interface StoredEvidence {
  id: string;
  /** Sniffed from the bytes: image/jpeg, image/png, image/webp, image/heic, image/heif, video/mp4, video/quicktime. */
  contentType: string;
  kind: EvidenceKind;
  /** Bytes of the stripped file. */
  size: number;
  /** SHA-256 (hex) of the stripped file: what staff download and what the receipt signs. */
  sha256: string;
  /** SHA-256 (hex) of the file as uploaded, metadata included (for the audit trail). */
  originalSha256: string;
  originalSize: number;
  /** Store key of the encrypted unstripped original (readable only with the audit key). */
  originalSealedRef: string;
  /** The original's content key, sealed to the audit public key. */
  originalSealedKey: SealedBox;
  /** Store key of the encrypted stripped file. */
  storageKey: string;
  /** Names (never values) of the metadata tags removed, e.g. `GPS:GPSLatitude`. */
  removedMetadata: string[];
  createdAt: string;
}

/**
 * What staff may know of a stored evidence file: the contract's EvidenceSummary (type, size and
 * hash are the redacted photo's once `redaction` is set), with its case, kind, the names of the
 * metadata tags removed, and when it was stored.
 */
export type EvidenceRecord = Schema<'EvidenceSummary'> & {
  caseId: string;
  kind: EvidenceKind;
  removedMetadata: string[];
  createdAt: string;
};

export interface EvidenceFile extends EvidenceRecord {
  /** The decrypted bytes; errors if the blob was tampered with. */
  stream: Readable;
}

export interface IngestOptions {
  /** Hard cap for this stream; the per-kind limits of EvidenceConfig apply as well. */
  maxBytes?: number;
  /** The file name the client sent. Not stored: names like `IMG_zhang_phone.jpg` identify people. */
  declaredName?: string;
}

const strippedContext = (id: string) => `ezhili evidence v1|${id}|stripped`;
const originalContext = (id: string) => `ezhili evidence v1|${id}|original`;
const originalKeyContext = (id: string) => `ezhili evidence original key v1|${id}`;

const tooLarge = (maxBytes: number, kind?: EvidenceKind) =>
  new ProblemError(413, {
    code: 'evidence_too_large',
    detail: `The evidence file is larger than ${maxBytes} bytes${kind ? ` (the limit for a ${kind})` : ''}.`,
    extensions: { maxBytes },
  });

/**
 * Copies the upload to `path`, hashing on the way, and stops past `maxBytes`. On overflow a
 * Node stream is left to drain (a multipart parser such as busboy then moves on to the next
 * part instead of stalling); a web stream is cancelled.
 */
async function spool(
  source: Readable | WebReadableStream | globalThis.ReadableStream,
  path: string,
  maxBytes: number,
): Promise<{ size: number; sha256: string }> {
  const isNode = source instanceof Readable;
  const readable = isNode ? source : Readable.fromWeb(source as WebReadableStream);
  const out = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of readable.iterator({ destroyOnReturn: false })) {
      const data = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += data.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      hash.update(data);
      if (!out.write(data)) await once(out, 'drain');
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    out.destroy();
    if (isNode) readable.resume();
    else readable.destroy();
    if (error instanceof ProblemError) throw error;
    throw badRequest('evidence_incomplete', 'The evidence upload was interrupted.');
  }
  return { size, sha256: hash.digest('hex') };
}

function rowToSummary(row: Record<string, unknown>): EvidenceRecord {
  return {
    id: String(row.id),
    caseId: String(row.case_id),
    contentType: String(row.content_type),
    kind: row.kind as EvidenceKind,
    size: Number(row.size),
    sha256: String(row.sha256),
    removedMetadata: JSON.parse(String(row.removed_metadata)) as string[],
    createdAt: String(row.created_at),
    ...(row.redaction_id != null && {
      redaction: {
        id: String(row.redaction_id),
        version: Number(row.redaction_version),
        createdAt: String(row.redaction_created_at),
      },
    }),
  };
}

/** Evidence rows with the version and time of their current redaction, if any. */
const SELECT_EVIDENCE = `SELECT e.*, r.version AS redaction_version, r.created_at AS redaction_created_at
  FROM evidence e LEFT JOIN evidence_redactions r ON r.id = e.redaction_id`;

/**
 * Evidence intake and retrieval. `ingest` checks, strips, hashes and encrypts one upload and
 * seals its original; the caller inserts the rows with its own records
 * (`insertEvidenceStatement`) and calls `discard` when its transaction fails, so a failed tip
 * leaves no blob behind.
 */
export function createEvidenceService(
  ctx: AppContext,
  options: { store?: EvidenceStore; config?: EvidenceConfig } = {},
) {
  const config: EvidenceConfig = options.config ?? ctx.settings.of(EVIDENCE_SETTINGS);
  const store = options.store ?? createFileEvidenceStore(config.storeDir);
  const fileKey = () => loadSecretKey(ctx.config, EVIDENCE_KEY_NAME);

  const encryptInto = (path: string, key: string, encryptionKey: Uint8Array, context: string) =>
    putEncrypted(store, key, createReadStream(path), encryptionKey, context);
  const decryptedStream = (key: string, encryptionKey: Uint8Array, context: string) =>
    getDecrypted(store, key, encryptionKey, context);

  /** The version everyone receives: the stripped copy, or the current redaction. */
  function currentStream(row: Record<string, unknown>): Promise<Readable> {
    const id = String(row.id);
    const context =
      row.redaction_id == null ? strippedContext(id) : redactedContext(id, String(row.redaction_id));
    return decryptedStream(String(row.storage_key), fileKey(), context);
  }

  /** Evidence whose rows committed (or whose blobs are gone): its pending markers go. */
  async function settle(evidence: StoredEvidence[]): Promise<void> {
    await Promise.all(
      evidence.map((item) => rm(spoolPath(config.incomingDir, item.id, 'pending'), { force: true })),
    );
  }

  async function findRow(id: string): Promise<Record<string, unknown>> {
    const row = (await ctx.db.execute({ sql: `${SELECT_EVIDENCE} WHERE e.id = ?`, args: [id] })).rows[0];
    if (!row) throw notFound('No such evidence file.', 'evidence_not_found');
    return row;
  }

  return {
    config,

    async ingest(
      source: Readable | WebReadableStream | globalThis.ReadableStream,
      ingestOptions: IngestOptions = {},
    ): Promise<StoredEvidence> {
      const now = ctx.clock.now();
      const id = newId('evd', now);
      const storageKey = `evidence/${id}`;
      const originalSealedRef = `originals/${id}`;
      await mkdir(config.incomingDir, { recursive: true, mode: 0o700 });
      const uploadPath = spoolPath(config.incomingDir, id, 'upload');
      let workPath: string | undefined;
      let pending: string | undefined;
      try {
        const cap = Math.min(
          ingestOptions.maxBytes ?? Number.POSITIVE_INFINITY,
          Math.max(config.maxPhotoBytes, config.maxVideoBytes),
        );
        const original = await spool(source, uploadPath, cap);
        crashPoint('evidence.spooled');
        if (original.size === 0) throw unprocessable('empty_evidence', 'The evidence file is empty.');
        const type = await sniffEvidenceType(uploadPath);
        if (!type) {
          throw new ProblemError(415, {
            code: 'unsupported_evidence_type',
            detail:
              'Evidence must be a photo (JPEG, PNG, WebP, HEIC) or a video (MP4, MOV); the type is read from the file contents, not its name.',
          });
        }
        const kindLimit = type.kind === 'photo' ? config.maxPhotoBytes : config.maxVideoBytes;
        if (original.size > kindLimit) throw tooLarge(kindLimit, type.kind);

        // exiftool decides how to rewrite by the file's type; give it the matching extension.
        workPath = spoolPath(config.incomingDir, id, type.extension);
        await rename(uploadPath, workPath);
        // Before any blob exists: a crash from here on leaves a marker naming the blobs to remove.
        pending = await markPending(config.incomingDir, id);
        // exiftool reads the tags (another process) while the original is being sealed.
        const tagsBefore = readAllTags(workPath).catch(() => undefined);

        // The original first, sealed for the auditors: a random content key encrypts the file,
        // and only that key is sealed to the audit public key (a sealed box holds small data).
        const contentKey = randomBytes(32);
        let originalSealedKey: SealedBox;
        try {
          await encryptInto(workPath, originalSealedRef, contentKey, originalContext(id));
          originalSealedKey = sealTo(
            Buffer.from(ctx.auditKey.publicKey, 'base64url'),
            ctx.auditKey.kid,
            contentKey,
            originalKeyContext(id),
          );
        } finally {
          contentKey.fill(0);
        }

        const removedMetadata = await stripMetadata(workPath, type.kind, await tagsBefore);
        const stripped = await encryptInto(workPath, storageKey, fileKey(), strippedContext(id));
        crashPoint('evidence.stored');
        return {
          id,
          contentType: type.contentType,
          kind: type.kind,
          size: stripped.size,
          sha256: stripped.sha256,
          originalSha256: original.sha256,
          originalSize: original.size,
          originalSealedRef,
          originalSealedKey,
          storageKey,
          removedMetadata,
          createdAt: now.toISOString(),
        };
      } catch (error) {
        await Promise.all([store.delete(storageKey), store.delete(originalSealedRef)]).catch(() => undefined);
        if (pending) await rm(pending, { force: true });
        throw error;
      } finally {
        await rm(uploadPath, { force: true });
        if (workPath) await rm(workPath, { force: true });
      }
    },

    /** The INSERT for one stored evidence file; run it in the same batch as its case. */
    insertEvidenceStatement(evidence: StoredEvidence, caseId: string): InStatement {
      return {
        sql: `INSERT INTO evidence (id, case_id, content_type, kind, size, sha256, storage_key, removed_metadata,
                original_sha256, original_size, original_storage_key, original_sealed_key, created_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          evidence.id,
          caseId,
          evidence.contentType,
          evidence.kind,
          evidence.size,
          evidence.sha256,
          evidence.storageKey,
          JSON.stringify(evidence.removedMetadata),
          evidence.originalSha256,
          evidence.originalSize,
          evidence.originalSealedRef,
          JSON.stringify(evidence.originalSealedKey),
          evidence.createdAt,
        ],
      };
    },

    /** Deletes the blobs of evidence whose tip failed (safe to call more than once). */
    async discard(evidence: StoredEvidence[]): Promise<void> {
      await Promise.all(
        evidence.flatMap((item) => [store.delete(item.storageKey), store.delete(item.originalSealedRef)]),
      );
      await settle(evidence);
    },

    settle,

    /** Removes blobs by store key (retention, after the rows that named them are deleted). */
    async deleteStoredBlobs(keys: readonly string[]): Promise<void> {
      for (const key of keys) await store.delete(key);
    },

    /** The blobs of one evidence id, for the start-up sweep of a crashed process's leftovers. */
    async deleteBlobsOf(id: string): Promise<void> {
      await Promise.all([store.delete(`evidence/${id}`), store.delete(`originals/${id}`)]);
    },

    /** The evidence files of a case, oldest first, as everyone receives them (redacted where redacted). */
    async list(caseId: string, executor: Executor = ctx.db): Promise<EvidenceRecord[]> {
      const result = await executor.execute({
        sql: `${SELECT_EVIDENCE} WHERE e.case_id = ? ORDER BY e.created_at, e.id`,
        args: [caseId],
      });
      return result.rows.map((row) => rowToSummary(row));
    },

    /**
     * The file as everyone receives it, decrypted: the stripped copy, or its redacted version once
     * redacted (the caller checks access and audits the download).
     */
    async open(id: string): Promise<EvidenceFile> {
      const row = await findRow(id);
      return { ...rowToSummary(row), stream: await currentStream(row) };
    },

    /** Draws opaque boxes over a photo (the caller checks access); see `redactPhoto`. */
    async redact(id: string, input: RedactionInput) {
      const row = await findRow(id);
      return redactPhoto(ctx, store, fileKey, { row, stream: await currentStream(row) }, input);
    },

    /**
     * The unstripped original, for auditors holding the reconstructed audit private key (k of n
     * shares). Throws when the key is not the audit key the original was sealed to.
     */
    async openOriginal(id: string, auditPrivateKey: Uint8Array): Promise<EvidenceFile> {
      const row = await findRow(id);
      if (row.original_deleted_at != null) {
        throw new ProblemError(410, {
          code: 'evidence_original_deleted',
          detail: 'The sealed original of this evidence file was deleted under the retention policy.',
        });
      }
      const sealedKey = JSON.parse(String(row.original_sealed_key)) as SealedBox;
      const contentKey = openSealed(auditPrivateKey, sealedKey, originalKeyContext(id));
      const stream = await decryptedStream(String(row.original_storage_key), contentKey, originalContext(id));
      return {
        ...rowToSummary(row),
        size: Number(row.original_size),
        sha256: String(row.original_sha256),
        removedMetadata: [],
        stream,
      };
    },
  };
}
export type EvidenceService = ReturnType<typeof createEvidenceService>;
