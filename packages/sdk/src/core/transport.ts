import type { OperationId } from '@ezhili/contract';
import ky, { type KyInstance, TimeoutError } from 'ky';
import { errorFromResponse } from '../errors/error-from-response.js';
import { EzhiliConnectionError } from '../errors/ezhili-connection-error.js';
import { EzhiliError } from '../errors/ezhili-error.js';
import { VERSION } from '../version.js';
import { IDEMPOTENCY_KEY_PATTERN, newIdempotencyKey } from './idempotency-key.js';
import type { CallInput, Operation, Result } from './operation.js';
import type { CallBehaviour, ClientOptions, RequestOptions, ResponseMeta } from './options.js';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicy } from './retry.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const JSON_ACCEPT = 'application/json, application/problem+json';
const CSRF_HEADER = 'X-Ezhili-CSRF';

/** Seams for tests: time and randomness. */
export interface TransportInternals {
  sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  random: () => number;
  now: () => number;
  retryPolicy: Omit<RetryPolicy, 'maxRetries'>;
}

export const DEFAULT_INTERNALS: TransportInternals = {
  sleep: abortableSleep,
  random: Math.random,
  now: Date.now,
  retryPolicy: DEFAULT_RETRY_POLICY,
};

/**
 * Sends operations of the contract: builds the URL and headers, serialises the body once,
 * attaches credentials and the Idempotency-Key, retries, and turns failures into EzhiliErrors.
 * Resources call `request()`; they never touch fetch or ky themselves.
 */
export class Transport {
  readonly baseUrl: URL;
  #token: string | undefined;
  readonly #ky: KyInstance;
  readonly #options: ClientOptions;
  readonly #internals: TransportInternals;
  readonly #userAgent: string;

  constructor(options: ClientOptions, internals: Partial<TransportInternals> = {}) {
    const base = new URL(String(options.baseUrl));
    // A trailing slash makes relative resolution keep a path prefix such as `/api`.
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    this.baseUrl = base;
    this.#token = options.token;
    this.#options = options;
    this.#internals = { ...DEFAULT_INTERNALS, ...internals };
    this.#userAgent = [options.userAgent, `ezhili-sdk-node/${VERSION}`].filter(Boolean).join(' ');
    // ky gives timeouts and Request handling; retries and errors are ours (see core/retry.ts),
    // because ky 1.9 has no jitter, never retries a timeout and sleeps on a real timer.
    this.#ky = ky.create({
      retry: 0,
      throwHttpErrors: false,
      ...(options.fetch !== undefined && { fetch: options.fetch }),
    });
  }

  get token(): string | undefined {
    return this.#token;
  }

  /**
   * The console session's CSRF token, sent as `X-Ezhili-CSRF` with every call once set (by
   * `staff.consoleSignIn` / `staff.consoleSession`); the session itself is the browser's cookie.
   */
  csrfToken: string | undefined;

  set token(token: string | undefined) {
    this.#token = token;
  }

  /** Sends one call of `op` and resolves with the response body. */
  async request<Op extends OperationId>(
    op: Operation<Op>,
    input: CallInput<Op> = {},
    options: RequestOptions = {},
    behaviour: CallBehaviour = {},
  ): Promise<Result<Op>> {
    return (await this.requestWithMeta(op, input, options, behaviour)).data;
  }

  /** Like `request()`, with the status, headers and request id of the final response. */
  async requestWithMeta<Op extends OperationId>(
    op: Operation<Op>,
    input: CallInput<Op> = {},
    options: RequestOptions = {},
    behaviour: CallBehaviour = {},
  ): Promise<{ data: Result<Op>; meta: ResponseMeta }> {
    const { response, meta } = await this.#send(op, input, options, behaviour, true);
    const parsed = await readBody(response);
    if (parsed.invalidJson) {
      throw new EzhiliError({
        message: `The server answered ${response.status} with a body that is not valid JSON.`,
        ...meta,
      });
    }
    return { data: parsed.body as Result<Op>, meta };
  }

  /**
   * Sends one call of `op` and resolves with the successful response itself, its body not yet
   * read, for downloads that should stream (evidence files) rather than sit in memory. Failures
   * are thrown as for `request()`.
   */
  async requestResponse<Op extends OperationId>(
    op: Operation<Op>,
    input: CallInput<Op> = {},
    options: RequestOptions = {},
    behaviour: CallBehaviour = {},
  ): Promise<{ response: Response; meta: ResponseMeta }> {
    return this.#send(op, input, options, behaviour, false);
  }

  async #send<Op extends OperationId>(
    op: Operation<Op>,
    input: CallInput<Op>,
    options: RequestOptions,
    behaviour: CallBehaviour,
    json: boolean,
  ): Promise<{ response: Response; meta: ResponseMeta }> {
    const url = this.#url(op.path, input);
    const body = input.body !== undefined ? JSON.stringify(input.body) : input.rawBody;
    const contentType = input.body !== undefined ? 'application/json' : input.contentType;
    const idempotencyKey = op.method === 'POST' ? (options.idempotencyKey ?? newIdempotencyKey()) : undefined;
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new TypeError('idempotencyKey must be 1–255 printable ASCII characters without spaces.');
    }
    const maxRetries = options.maxRetries ?? this.#options.maxRetries ?? DEFAULT_RETRY_POLICY.maxRetries;
    const policy: RetryPolicy = { ...this.#internals.retryPolicy, maxRetries };
    const authenticate =
      options.authenticate === null ? undefined : (options.authenticate ?? this.#options.authenticate);
    const { signal } = options;
    // GET, PUT and DELETE are idempotent by definition and POSTs carry a key; a PATCH is neither.
    const repeatable = op.method !== 'PATCH';
    const accept = behaviour.accept ?? (json ? JSON_ACCEPT : '*/*');

    for (let attempt = 0; ; attempt++) {
      const headers = await this.#headers(options, accept, contentType, idempotencyKey);
      await authenticate?.({
        operationId: op.operationId,
        method: op.method,
        url,
        body: typeof body === 'string' ? body : undefined,
        headers,
        attempt,
      });

      let response: Response;
      try {
        response = await this.#ky(url, {
          method: op.method,
          headers,
          ...(body !== undefined && { body }),
          ...(signal !== undefined && { signal }),
          ...(this.#options.credentials !== undefined && { credentials: this.#options.credentials }),
          timeout: options.timeout ?? this.#options.timeout ?? DEFAULT_TIMEOUT_MS,
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const decision = decideRetry(
          policy,
          { status: undefined, retryAfter: null, retry: attempt, repeatable },
          this.#internals,
        );
        if (decision.retry) {
          await this.#internals.sleep(decision.delayMs, signal);
          continue;
        }
        throw connectionError(error, idempotencyKey);
      }

      const meta: ResponseMeta = {
        status: response.status,
        headers: response.headers,
        requestId: response.headers.get('x-request-id') ?? undefined,
        idempotencyKey,
      };
      if (response.ok || behaviour.okStatuses?.includes(response.status)) return { response, meta };
      const parsed = await readBody(response);
      const decision = decideRetry(
        policy,
        {
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          retry: attempt,
          repeatable,
        },
        this.#internals,
      );
      if (decision.retry) {
        await this.#internals.sleep(decision.delayMs, signal);
        continue;
      }
      throw errorFromResponse(
        { status: response.status, headers: response.headers, body: parsed.body, idempotencyKey },
        this.#internals.now,
      );
    }
  }

  #url<Op extends OperationId>(template: string, input: CallInput<Op>): URL {
    const params = (input.params ?? {}) as Record<string, string | number>;
    const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new TypeError(`Missing path parameter "${name}" for ${template}.`);
      return encodeURIComponent(String(value));
    });
    const url = new URL(path.replace(/^\//, ''), this.baseUrl);
    for (const [name, value] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
    }
    return url;
  }

  async #headers(
    options: RequestOptions,
    accept: string,
    contentType: string | undefined,
    idempotencyKey: string | undefined,
  ): Promise<Headers> {
    const source = this.#options.headers;
    const headers = new Headers(typeof source === 'function' ? await source() : source);
    headers.set('Accept', accept);
    // Browsers drop a User-Agent set by script; Ezhili-Client identifies the SDK there too.
    headers.set('User-Agent', this.#userAgent);
    headers.set('Ezhili-Client', `sdk/${VERSION}`);
    if (contentType !== undefined) headers.set('Content-Type', contentType);
    if (idempotencyKey !== undefined) headers.set('Idempotency-Key', idempotencyKey);
    const token = options.token === null ? undefined : (options.token ?? this.#token);
    if (token !== undefined) headers.set('Authorization', `Bearer ${token}`);
    if (this.csrfToken !== undefined) headers.set(CSRF_HEADER, this.csrfToken);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    return headers;
  }
}

async function readBody(response: Response): Promise<{ body: unknown; invalidJson: boolean }> {
  const text = await response.text();
  if (text === '') return { body: undefined, invalidJson: false };
  if (!/[/+]json\b/i.test(response.headers.get('content-type') ?? ''))
    return { body: text, invalidJson: false };
  try {
    return { body: JSON.parse(text), invalidJson: false };
  } catch {
    return { body: text, invalidJson: true };
  }
}

function connectionError(error: unknown, idempotencyKey: string | undefined): EzhiliConnectionError {
  const timedOut = error instanceof TimeoutError;
  const reason = error instanceof Error ? (errorCauseMessage(error) ?? error.message) : String(error);
  return new EzhiliConnectionError({
    message: timedOut ? 'The request timed out.' : `Could not reach the ezhili server: ${reason}`,
    cause: error,
    timedOut,
    idempotencyKey,
  });
}

/** undici reports "fetch failed" and hides the useful part (ECONNREFUSED, …) in `cause`. */
function errorCauseMessage(error: Error): string | undefined {
  const cause = error.cause;
  return cause instanceof Error && cause.message !== '' ? cause.message : undefined;
}

function abortableSleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
