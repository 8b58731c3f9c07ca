import type { OperationId } from '@ezhili/contract';
import type { HttpMethod } from './operation.js';

/**
 * A request as it is about to go out, for an `authenticate` hook to sign. It runs before
 * every attempt, so a signature with a timestamp or nonce is fresh on each retry.
 */
export interface OutgoingRequest {
  readonly operationId: OperationId;
  readonly method: HttpMethod;
  /** The full URL, query included. */
  readonly url: URL;
  /** The exact body bytes that will be sent, when the body is a string (JSON bodies are). */
  readonly body: string | undefined;
  /** Mutable: add or replace headers here. */
  readonly headers: Headers;
  /** 0 for the first attempt, 1 for the first retry, … */
  readonly attempt: number;
}

export type Authenticate = (request: OutgoingRequest) => void | Promise<void>;

export interface ClientOptions {
  /** Where the ezhili server is, e.g. `https://ezhili.example.gov.cn` (a path prefix is kept). */
  baseUrl: string | URL;
  /** A bearer token (staff or reporter session) sent as `Authorization: Bearer …`. */
  token?: string | undefined;
  /** A fetch implementation; defaults to the global fetch at call time. */
  fetch?: typeof globalThis.fetch | undefined;
  /** Per-attempt timeout in milliseconds (default 30 000). */
  timeout?: number | undefined;
  /** Automatic retries after the first attempt (default 2; 0 disables). */
  maxRetries?: number | undefined;
  /** Your application's name/version, prepended to the SDK's User-Agent, e.g. `acme-rider-app/4.2`. */
  userAgent?: string | undefined;
  /**
   * Extra headers sent with every request, or a function called before every attempt that
   * returns them (e.g. a CSRF header read from a cookie, so a refreshed token is picked up).
   */
  headers?: HeaderSource | undefined;
  /** Adds credentials to every attempt (e.g. a platform's request signature). */
  authenticate?: Authenticate | undefined;
  /**
   * Whether a browser sends cookies: `'same-origin'` or `'include'` for a cookie session
   * (the console), `'omit'` to never send any. Unset, fetch's default (`same-origin`) applies.
   */
  credentials?: RequestCredentials | undefined;
}

/** Static headers, or a function that gives them afresh for each attempt. */
export type HeaderSource =
  | Record<string, string>
  | (() => Record<string, string> | Promise<Record<string, string>>);

/** Per-call options, the last argument of every resource method. */
export interface RequestOptions {
  /**
   * The Idempotency-Key of a POST. Generated when omitted; pass your own to make a retry of
   * a whole call (e.g. after a crash) land on the same server-side result.
   */
  idempotencyKey?: string | undefined;
  /** Cancels the call, including any retry wait; the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  timeout?: number | undefined;
  maxRetries?: number | undefined;
  headers?: Record<string, string> | undefined;
  /** Overrides the client's token for this call; `null` sends none. */
  token?: string | null | undefined;
  /** Overrides the client's `authenticate` hook for this call; `null` disables it. */
  authenticate?: Authenticate | null | undefined;
}

/** The SDK-side facts about an operation that the contract types cannot carry. */
export interface CallBehaviour {
  /** Non-2xx statuses whose body is a regular answer (e.g. `503` of getHealth). */
  okStatuses?: readonly number[];
  /** The `Accept` header; JSON and problem documents by default. */
  accept?: string;
}

export interface ResponseMeta {
  status: number;
  headers: Headers;
  requestId: string | undefined;
  /** The Idempotency-Key sent, for POSTs. */
  idempotencyKey: string | undefined;
}

export type { HttpMethod };
