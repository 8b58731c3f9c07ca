import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { compileSchemaValidator, toFieldErrors } from '../contract/contract-validators.js';
import { badRequest, ProblemError, validationFailed } from '../problem/problem-error.js';
import { toProblemError } from '../problem/problem-response.js';
import type { TipSubmission } from './tip-service.js';

/** The part of the evidence module a streamed tip needs. */
export interface EvidenceIntake<Stored extends { id: string }> {
  ingest(stream: Readable, options: { maxBytes: number }): Promise<Stored>;
  discard(stored: Stored[]): Promise<void>;
}

export interface MultipartTipLimits {
  maxFiles: number;
  maxFileBytes: number;
}

const TIP_PART = 'tip';
const EVIDENCE_PART = 'evidence';
const MAX_TIP_PART_BYTES = 64 * 1024;

let validateTipSubmission: ReturnType<typeof compileSchemaValidator> | undefined;

/**
 * Reads a `multipart/form-data` tip as it streams in: the `tip` part is JSON validated against
 * the contract's `TipSubmission`; each `evidence` part goes straight into the evidence intake
 * (sniffed, stripped, hashed, encrypted there), so no file is ever held whole in memory. On any
 * failure every file stored so far is discarded before the error is thrown.
 *
 * `precheck` runs as soon as the tip part arrives (send it first), so a tip that will be
 * refused (unknown district, category) stops storing files early.
 */
export async function readMultipartTip<Stored extends { id: string }>(
  request: Request,
  options: {
    limits: MultipartTipLimits;
    intake: EvidenceIntake<Stored>;
    precheck: (tip: TipSubmission) => Promise<unknown>;
  },
): Promise<{ tip: TipSubmission; evidence: Stored[] }> {
  validateTipSubmission ??= compileSchemaValidator('TipSubmission');
  const { limits, intake } = options;
  const contentType = request.headers.get('content-type') ?? '';
  if (!request.body) throw badRequest('body_required', 'A multipart request body is required.');

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': contentType },
      limits: {
        files: limits.maxFiles,
        fileSize: limits.maxFileBytes,
        fields: 1,
        fieldSize: MAX_TIP_PART_BYTES,
        // busboy signals `partsLimit` on reaching the count, so one more than the allowed tip + files.
        parts: limits.maxFiles + 2,
      },
    });
  } catch {
    throw badRequest('malformed_multipart', 'The multipart body has no valid boundary.');
  }

  let failure: ProblemError | undefined;
  const fail = (error: ProblemError) => {
    failure ??= error;
  };
  let tip: TipSubmission | undefined;
  let precheck: Promise<unknown> = Promise.resolve();
  const stored: Array<Promise<Stored | undefined>> = [];

  parser.on('field', (name, value, info) => {
    if (name !== TIP_PART) return fail(badRequest('unexpected_part', `Unexpected form field "${name}".`));
    if (info.valueTruncated) return fail(badRequest('tip_part_too_large', 'The tip part is too large.'));
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return fail(badRequest('malformed_json', 'The tip part is not valid JSON.'));
    }
    if (!validateTipSubmission!(parsed)) {
      return fail(validationFailed(toFieldErrors(validateTipSubmission!.errors, `#/${TIP_PART}`)));
    }
    tip = parsed as TipSubmission;
    precheck = options.precheck(tip).catch((error: unknown) => fail(toProblemError(error)));
  });

  parser.on('file', (name, stream) => {
    // busboy destroys the part's stream with the error when the body breaks off; without a
    // listener from the start that error would be uncaught (and take the process down).
    stream.on('error', () => fail(badRequest('evidence_incomplete', 'The upload broke off mid-file.')));
    if (name !== EVIDENCE_PART) {
      fail(
        badRequest('unexpected_part', `Unexpected file part "${name}"; send files as "${EVIDENCE_PART}".`),
      );
    }
    if (failure) {
      stream.resume();
      return;
    }
    stream.on('limit', () =>
      fail(
        new ProblemError(413, {
          code: 'evidence_too_large',
          detail: `An evidence file may be at most ${limits.maxFileBytes} bytes.`,
        }),
      ),
    );
    stored.push(
      intake.ingest(stream, { maxBytes: limits.maxFileBytes }).catch((error: unknown) => {
        fail(toProblemError(error));
        stream.resume();
        return undefined;
      }),
    );
  });

  parser.on('filesLimit', () =>
    fail(
      new ProblemError(413, {
        code: 'too_many_files',
        detail: `A tip carries at most ${limits.maxFiles} evidence files.`,
      }),
    ),
  );
  parser.on('fieldsLimit', () => fail(badRequest('unexpected_part', 'Send exactly one "tip" part.')));
  parser.on('partsLimit', () =>
    fail(
      new ProblemError(413, {
        code: 'too_many_files',
        detail: `A tip carries at most ${limits.maxFiles} evidence files.`,
      }),
    ),
  );

  const finished = new Promise<void>((resolve, reject) => {
    parser.on('close', resolve);
    parser.on('error', () => reject(badRequest('malformed_multipart', 'The multipart body is malformed.')));
  });
  const source = Readable.fromWeb(request.body as unknown as WebReadableStream);
  source.on('error', () => parser.destroy(new Error('request stream failed')));
  source.pipe(parser);

  let streamError: ProblemError | undefined;
  await finished.catch((error: ProblemError) => {
    streamError = error;
  });
  const files = await Promise.all(stored);
  await precheck;
  const kept = files.filter((file) => file !== undefined) as Stored[];
  const problem =
    failure ??
    streamError ??
    (tip === undefined
      ? badRequest('tip_part_required', `Send the tip as a "${TIP_PART}" part.`)
      : undefined);
  if (problem) {
    await intake.discard(kept);
    throw problem;
  }
  return { tip: tip!, evidence: kept };
}
