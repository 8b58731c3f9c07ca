import type { RequestBody } from '@ezhili/contract';
import { operation, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';
import { buildEvidenceMultipart, type EvidenceFile, perFileLoaded } from './evidence-multipart.js';
import { type TipAccess, withTipAccess } from './tip-access.js';
import type { createUploadProgressFetch, UploadProgress } from './upload-progress-fetch.js';

const submitTip = operation('submitTip', 'POST', '/tips');
const getTip = operation('getTip', 'GET', '/tip');
const listTipMessages = operation('listTipMessages', 'GET', '/tip/messages');
const postTipMessage = operation('postTipMessage', 'POST', '/tip/messages');

/**
 * A tip as `submit` takes it. `insider` has a default in the contract, so it may be left out
 * (the generated type marks defaulted members as present, as they are in responses).
 */
export type TipSubmission = Omit<RequestBody<'submitTip'>, 'insider'> & { insider?: boolean };

export interface SubmitTipOptions extends RequestOptions {
  /** Photos and videos; sent as one multipart body, each file streamed. */
  evidence?: readonly EvidenceFile[] | undefined;
  /** Called as the body goes out, with the bytes sent overall and per file. */
  onUploadProgress?: ((progress: UploadProgress) => void) | undefined;
}

/** Options of `postMessage`: files go as with `submit` (streamed, with progress). */
export type PostMessageOptions = SubmitTipOptions;

/**
 * The reporter's tips (tag `tips`): submit one with evidence, follow it up by identity code,
 * exchange messages with the handler. Every POST carries an Idempotency-Key, so a tip whose
 * upload was cut off can be sent again (automatically, or by passing the same `idempotencyKey`)
 * without opening a second case.
 */
export class ReporterTipsResource {
  readonly #transport: Transport;
  readonly #uploads: ReturnType<typeof createUploadProgressFetch>;

  constructor(transport: Transport, uploads: ReturnType<typeof createUploadProgressFetch>) {
    this.#transport = transport;
    this.#uploads = uploads;
  }

  /**
   * Submits a tip, anonymously or (when logged in) linked to the account. With `evidence`, the
   * files go in one streamed multipart body and `onUploadProgress` reports bytes sent. The
   * response holds the identity code and the receipt secret: it is shown only this once.
   */
  async submit(tip: TipSubmission, options: SubmitTipOptions = {}): Promise<Result<'submitTip'>> {
    const { evidence, onUploadProgress, ...requestOptions } = options;
    if (!evidence || evidence.length === 0) {
      return this.#transport.request(submitTip, { body: tip as RequestBody<'submitTip'> }, requestOptions);
    }
    return this.#upload(submitTip, 'tip', tip, evidence, onUploadProgress, requestOptions);
  }

  /** The reporter's view of the tip: status, deadlines, messages, reward state. */
  get(access: TipAccess, options?: RequestOptions): Promise<Result<'getTip'>> {
    return this.#transport.request(getTip, {}, withTipAccess(access, options));
  }

  /** Messages between the reporter and the handler, oldest first. */
  listMessages(access: TipAccess, options?: RequestOptions): Promise<Result<'listTipMessages'>> {
    return this.#transport.request(listTipMessages, {}, withTipAccess(access, options));
  }

  /**
   * Sends a message (`{ body: 'text' }`) to the handler of the tip's case. With `evidence`, the
   * photos and videos go in one streamed multipart body, as with `submit`, and become evidence
   * files of the case.
   */
  async postMessage(
    access: TipAccess,
    message: RequestBody<'postTipMessage'>,
    options: PostMessageOptions = {},
  ): Promise<Result<'postTipMessage'>> {
    const { evidence, onUploadProgress, ...requestOptions } = options;
    const withAccess = withTipAccess(access, requestOptions);
    if (!evidence || evidence.length === 0) {
      return this.#transport.request(postTipMessage, { body: message }, withAccess);
    }
    return this.#upload(postTipMessage, 'message', message, evidence, onUploadProgress, withAccess);
  }

  /**
   * Sends `json` and `files` as one streamed multipart body (see `buildEvidenceMultipart`),
   * reporting progress overall and per file; a retry re-sends the same body with the same key.
   */
  async #upload<Op extends typeof submitTip | typeof postTipMessage>(
    op: Op,
    jsonPart: 'tip' | 'message',
    json: unknown,
    files: readonly EvidenceFile[],
    onUploadProgress: SubmitTipOptions['onUploadProgress'],
    requestOptions: RequestOptions,
  ) {
    const multipart = buildEvidenceMultipart(json, files, jsonPart);
    const sizes = multipart.fileRanges.map((range) => range.end - range.start);
    const registration = this.#uploads.register(multipart.body, (loadedBytes, totalBytes) =>
      onUploadProgress?.({
        loadedBytes,
        totalBytes,
        files: perFileLoaded(multipart.fileRanges, loadedBytes).map((loaded, i) => ({
          loadedBytes: loaded,
          totalBytes: sizes[i]!,
        })),
      }),
    );
    try {
      return await this.#transport.request(
        op,
        { rawBody: multipart.body, contentType: multipart.contentType },
        { ...requestOptions, headers: { ...requestOptions.headers, ...registration.header } },
      );
    } finally {
      registration.done();
    }
  }
}
