import type { Schema } from '@ezhili/contract';
import type { InStatement } from '../db/database.js';
import type { AppContext } from '../http/app-context.js';
import { createEvidenceService, type EvidenceService, type StoredEvidence } from './evidence-service.js';
import { readMultipartEvidence } from './multipart-evidence.js';

const MULTIPART = /^multipart\/form-data\b/i;
// Room for the JSON part and the multipart framing around the files.
const FRAMING_BYTES = 256 * 1024;

/** Whether a request carries its JSON part and evidence files as `multipart/form-data`. */
export function isMultipart(request: Request): boolean {
  return MULTIPART.test(request.headers.get('content-type') ?? '');
}

/**
 * The one evidence step of every reporter submission that carries files (a tip, a reply): the
 * limits, the streamed upload of the files beside a JSON part, the evidence rows that commit
 * with the submission's own, and the clean-up, so no stored file outlives a submission that did
 * not commit.
 */
export function createEvidenceAttachment(
  ctx: AppContext,
  evidence: EvidenceService = createEvidenceService(ctx),
) {
  // A reply carries as many files as a tip, under the same limits.
  const limits = {
    maxFiles: evidence.config.maxFilesPerTip,
    maxFileBytes: Math.max(evidence.config.maxPhotoBytes, evidence.config.maxVideoBytes),
  };

  return {
    limits,
    /** The largest request body an operation with evidence accepts (files plus framing). */
    maxBodyBytes: limits.maxFiles * limits.maxFileBytes + FRAMING_BYTES,

    /**
     * Reads a multipart submission as it streams: the JSON part `part` (validated against the
     * contract schema `schema`, then `precheck`ed before more files are stored) and the evidence
     * files, each stored as it arrives. On any failure the files stored so far are discarded.
     */
    read<T>(
      request: Request,
      options: { part: string; schema: string; precheck?: (value: T) => Promise<unknown> },
    ): Promise<{ value: T; files: StoredEvidence[] }> {
      return readMultipartEvidence<T, StoredEvidence>(request, { ...options, limits, intake: evidence }).then(
        ({ value, evidence: files }) => ({ value, files }),
      );
    },

    /** The evidence rows of `files` as evidence of the case, for the submission's own batch. */
    rows(files: readonly StoredEvidence[], caseId: string): InStatement[] {
      return files.map((file) => evidence.insertEvidenceStatement(file, caseId));
    },

    /** What the receipt and the reporter see of each file. */
    summaries(files: readonly StoredEvidence[]): Schema<'EvidenceSummary'>[] {
      return files.map(({ id, contentType, size, sha256 }) => ({ id, contentType, size, sha256 }));
    },

    /**
     * Runs the submission that records `files`; when it throws (nothing committed), the files
     * are discarded before the error goes on: they must not outlive their record.
     */
    async commitWith<R>(files: readonly StoredEvidence[], submit: () => Promise<R>): Promise<R> {
      let result: R;
      try {
        result = await submit();
      } catch (error) {
        if (files.length > 0) await evidence.discard([...files]);
        throw error;
      }
      // Once committed the files have their rows, so their pending markers go (a crash before
      // that leaves markers whose rows exist; the start-up sweep then keeps the blobs). Inside a
      // request's write unit the commit comes later, and may still roll back (a lost race on its
      // Idempotency-Key): the files go then.
      if (files.length > 0) {
        await ctx.db.afterCommit(
          () => evidence.settle([...files]),
          () => evidence.discard([...files]),
        );
      }
      return result;
    },
  };
}

export type EvidenceAttachment = ReturnType<typeof createEvidenceAttachment>;
