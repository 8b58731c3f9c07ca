import type { RequestBody, Schema } from '@ezhili/contract';
import { operation } from '../core/operation.js';
import type { ClientOptions, RequestOptions } from '../core/options.js';
import { Transport, type TransportInternals } from '../core/transport.js';
import { buildEvidenceMultipart, type EvidenceFile, perFileLoaded } from './evidence-multipart.js';
import { createUploadProgressFetch, type UploadProgress } from './upload-progress-fetch.js';

const registerReporter = operation('registerReporter', 'POST', '/reporter/accounts');
const createReporterSession = operation('createReporterSession', 'POST', '/reporter/sessions');
const deleteReporterSession = operation('deleteReporterSession', 'DELETE', '/reporter/sessions/current');
const submitTip = operation('submitTip', 'POST', '/tips');
const getTip = operation('getTip', 'GET', '/tip');
const listTipMessages = operation('listTipMessages', 'GET', '/tip/messages');
const postTipMessage = operation('postTipMessage', 'POST', '/tip/messages');
const claimReward = operation('claimReward', 'POST', '/rewards/claims');

/**
 * How the reporter proves a tip is theirs: its identity code with the receipt secret, or with
 * the reporter session (the client's token) that submitted it. Both travel in headers, never in
 * the URL, so they stay out of access logs.
 */
export interface TipAccess {
  identityCode: string;
  /** Omit when the client is logged in as the reporter who submitted the tip. */
  receiptSecret?: string | undefined;
}

/**
 * A tip as `submitTip` takes it. `insider` has a default in the contract, so it may be left out
 * (the generated type marks defaulted members as present, as they are in responses).
 */
export type TipSubmission = Omit<RequestBody<'submitTip'>, 'insider'> & { insider?: boolean };

export interface SubmitTipOptions extends RequestOptions {
  /** Photos and videos; sent as one multipart body, each file streamed. */
  evidence?: readonly EvidenceFile[] | undefined;
  /** Called as the body goes out, with the bytes sent overall and per file. */
  onUploadProgress?: ((progress: UploadProgress) => void) | undefined;
}

/** Options of `postMessage`: files go as with `submitTip` (streamed, with progress). */
export type PostMessageOptions = SubmitTipOptions;

export interface ReporterLoginOptions extends RequestOptions {
  /** Keep the client's current token instead of switching to the new session (default: switch). */
  storeToken?: boolean | undefined;
}

/**
 * Options of the reporter client. In browsers, leave `fetch` unset: uploads then go through
 * XMLHttpRequest, which reports progress on any HTTP version (a custom fetch gets a streamed
 * body, which Chromium sends only over HTTP/2 or later).
 */
export type ReporterClientOptions = Omit<ClientOptions, 'authenticate'>;

function accessHeaders(access: TipAccess, options: RequestOptions): Record<string, string> {
  return {
    ...options.headers,
    'Ezhili-Identity-Code': access.identityCode,
    ...(access.receiptSecret !== undefined && { 'Ezhili-Receipt-Secret': access.receiptSecret }),
  };
}

/**
 * The reporter's side of the API, for browsers and Node alike: an account (optional), tips with
 * evidence and upload progress, follow-up by identity code and receipt secret, messages with the
 * handler, and the reward claim. Every POST carries an Idempotency-Key, so a tip whose upload
 * was cut off can be sent again (automatically, or by passing the same `idempotencyKey`)
 * without opening a second case.
 */
export class ReporterClient {
  /** @internal */
  readonly transport: Transport;
  readonly #uploads: ReturnType<typeof createUploadProgressFetch>;

  constructor(options: ReporterClientOptions, internals?: Partial<TransportInternals>) {
    this.#uploads = createUploadProgressFetch(options.fetch);
    this.transport = new Transport({ ...options, fetch: this.#uploads.fetch }, internals);
  }

  /** The reporter session token sent with each call, if logged in. */
  get token(): string | undefined {
    return this.transport.token;
  }

  setToken(token: string | undefined): void {
    this.transport.token = token;
  }

  /** Creates an account (identity sealed by the server at once) and logs in with it. */
  async register(
    registration: RequestBody<'registerReporter'>,
    options: ReporterLoginOptions = {},
  ): Promise<Schema<'ReporterSession'>> {
    const { storeToken = true, ...requestOptions } = options;
    const session = await this.transport.request(
      registerReporter,
      { body: registration },
      { token: null, ...requestOptions },
    );
    if (storeToken) this.transport.token = session.token;
    return session;
  }

  /** Logs in with phone number and passphrase; the session is used by the following calls. */
  async login(
    credentials: RequestBody<'createReporterSession'>,
    options: ReporterLoginOptions = {},
  ): Promise<Schema<'ReporterSession'>> {
    const { storeToken = true, ...requestOptions } = options;
    const session = await this.transport.request(
      createReporterSession,
      { body: credentials },
      { token: null, ...requestOptions },
    );
    if (storeToken) this.transport.token = session.token;
    return session;
  }

  /** Ends the session on the server and forgets the token. */
  async logout(options?: RequestOptions): Promise<void> {
    await this.transport.request(deleteReporterSession, {}, options);
    this.transport.token = undefined;
  }

  /**
   * Submits a tip, anonymously or (when logged in) linked to the account. With `evidence`, the
   * files go in one streamed multipart body and `onUploadProgress` reports bytes sent. The
   * response holds the identity code and the receipt secret: it is shown only this once.
   */
  async submitTip(tip: TipSubmission, options: SubmitTipOptions = {}): Promise<Schema<'TipReceipt'>> {
    const { evidence, onUploadProgress, ...requestOptions } = options;
    if (!evidence || evidence.length === 0) {
      return this.transport.request(submitTip, { body: tip as RequestBody<'submitTip'> }, requestOptions);
    }
    return this.#upload(submitTip, 'tip', tip, evidence, onUploadProgress, requestOptions);
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
      return await this.transport.request(
        op,
        { rawBody: multipart.body },
        {
          ...requestOptions,
          headers: {
            ...requestOptions.headers,
            'Content-Type': multipart.contentType,
            ...registration.header,
          },
        },
      );
    } finally {
      registration.done();
    }
  }

  /** The reporter's view of the tip: status, deadlines, messages, reward state. */
  getTip(access: TipAccess, options: RequestOptions = {}): Promise<Schema<'TipView'>> {
    return this.transport.request(getTip, {}, { ...options, headers: accessHeaders(access, options) });
  }

  /** Messages between the reporter and the handler, oldest first. */
  listMessages(access: TipAccess, options: RequestOptions = {}): Promise<Schema<'MessageList'>> {
    return this.transport.request(
      listTipMessages,
      {},
      { ...options, headers: accessHeaders(access, options) },
    );
  }

  /**
   * Sends a message to the handler of the tip's case. With `evidence`, the photos and videos go
   * in one streamed multipart body, as with `submitTip`, and `onUploadProgress` reports bytes
   * sent; they become evidence files of the case.
   */
  async postMessage(
    access: TipAccess,
    body: string,
    options: PostMessageOptions = {},
  ): Promise<Schema<'Message'>> {
    const { evidence, onUploadProgress, ...requestOptions } = options;
    const withAccess = { ...requestOptions, headers: accessHeaders(access, requestOptions) };
    if (!evidence || evidence.length === 0) {
      return this.transport.request(postTipMessage, { body: { body } }, withAccess);
    }
    return this.#upload(postTipMessage, 'message', { body }, evidence, onUploadProgress, withAccess);
  }

  /**
   * Claims the reward of a tip whose case closed with a confirmed violation. An anonymous tip
   * names the account to pay in `request.attachAccount`, unless the client is logged in.
   */
  claimReward(
    access: TipAccess,
    request: RequestBody<'claimReward'> = {},
    options: RequestOptions = {},
  ): Promise<Schema<'ReporterRewardState'>> {
    return this.transport.request(
      claimReward,
      { body: request },
      { ...options, headers: accessHeaders(access, options) },
    );
  }
}

/**
 * Creates a reporter client:
 *
 * ```ts
 * const reporter = createReporterClient({ baseUrl: 'https://report.example.gov.cn' });
 * const receipt = await reporter.submitTip(tip, {
 *   evidence: [{ data: file }],
 *   onUploadProgress: (p) => console.log(`${p.loadedBytes}/${p.totalBytes}`),
 * });
 * ```
 */
export function createReporterClient(options: ReporterClientOptions): ReporterClient {
  return new ReporterClient(options);
}
