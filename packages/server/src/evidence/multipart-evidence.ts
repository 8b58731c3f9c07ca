import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import busboy from 'busboy';
import { compileSchemaValidator, toFieldErrors } from '../contract/contract-validators.js';
import { badRequest, ProblemError, validationFailed } from '../problem/problem-error.js';
import { toProblemError } from '../problem/problem-response.js';

/** The part of the evidence module a streamed upload needs. */
export interface EvidenceIntake<Stored extends { id: string }> {
  ingest(stream: Readable, options: { maxBytes: number }): Promise<Stored>;
  discard(stored: Stored[]): Promise<void>;
}

export interface MultipartEvidenceLimits {
  maxFiles: number;
  maxFileBytes: number;
}

const EVIDENCE_PART = 'evidence';
const MAX_JSON_PART_BYTES = 64 * 1024;

const validators = new Map<string, ReturnType<typeof compileSchemaValidator>>();

/**
 * Reads a `multipart/form-data` body of one JSON part plus `evidence` file parts as it streams
 * in (a tip, a reporter's reply): the JSON part (`part`) is validated against the contract
 * schema `schema`; each `evidence` part goes straight into the evidence intake (sniffed,
 * stripped, hashed, encrypted there), so no file is ever held whole in memory. On any failure
 * every file stored so far is discarded before the error is thrown.
 *
 * `precheck` runs as soon as the JSON part arrives (send it first), so a request that will be
 * refused stops storing files early.
 */
export async function readMultipartEvidence<T, Stored extends { id: string }>(
  request: Request,
  options: {
    /** Name of the JSON part, also the noun in error messages (`tip`, `message`). */
    part: string;
    /** The contract schema of the JSON part. */
    schema: string;
    limits: MultipartEvidenceLimits;
    intake: EvidenceIntake<Stored>;
    precheck?: (value: T) => Promise<unknown>;
  },
): Promise<{ value: T; evidence: Stored[] }> {
  const { part, limits, intake } = options;
  let validate = validators.get(options.schema);
  if (!validate) {
    validate = compileSchemaValidator(options.schema);
    validators.set(options.schema, validate);
  }
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
        fieldSize: MAX_JSON_PART_BYTES,
        // busboy signals `partsLimit` on reaching the count, so one more than the allowed JSON part + files.
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
  const tooManyFiles = () =>
    new ProblemError(413, {
      code: 'too_many_files',
      detail: `A ${part} carries at most ${limits.maxFiles} evidence files.`,
    });
  let value: T | undefined;
  let precheck: Promise<unknown> = Promise.resolve();
  const stored: Array<Promise<Stored | undefined>> = [];

  parser.on('field', (name, text, info) => {
    if (name !== part) return fail(badRequest('unexpected_part', `Unexpected form field "${name}".`));
    if (info.valueTruncated)
      return fail(badRequest(`${part}_part_too_large`, `The ${part} part is too large.`));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail(badRequest('malformed_json', `The ${part} part is not valid JSON.`));
    }
    if (!validate(parsed)) {
      return fail(validationFailed(toFieldErrors(validate.errors, `#/${part}`)));
    }
    value = parsed as T;
    if (options.precheck) {
      precheck = options.precheck(value).catch((error: unknown) => fail(toProblemError(error)));
    }
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

  parser.on('filesLimit', () => fail(tooManyFiles()));
  parser.on('fieldsLimit', () => fail(badRequest('unexpected_part', `Send exactly one "${part}" part.`)));
  parser.on('partsLimit', () => fail(tooManyFiles()));

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
    (value === undefined
      ? badRequest(`${part}_part_required`, `Send the ${part} as a "${part}" part.`)
      : undefined);
  if (problem) {
    await intake.discard(kept);
    throw problem;
  }
  return { value: value as T, evidence: kept };
}
