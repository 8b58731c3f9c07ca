import { type Download, toDownload } from '../core/download.js';
import { operation, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const createUnsealRequest = operation('createUnsealRequest', 'POST', '/unseal-requests');
const getUnsealRequest = operation('getUnsealRequest', 'GET', '/unseal-requests/{unsealRequestId}');
const openUnsealedOriginal = operation(
  'openUnsealedOriginal',
  'GET',
  '/unseal-requests/{unsealRequestId}/original',
);
const submitUnsealShare = operation('submitUnsealShare', 'POST', '/unseal-requests/{unsealRequestId}/shares');

export interface UnsealRequestQuery {
  /** The one-time key `create()` returned; with it, an approved request shows the identity, once. */
  unsealKey?: string | undefined;
}

/** Opening a sealed reporter identity, k of n auditors agreeing (tag `unseal`). */
export class UnsealResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Asks to open a case's reporter identity; keep the returned one-time key. */
  create(
    body: RequestBody<'createUnsealRequest'>,
    options?: RequestOptions,
  ): Promise<Result<'createUnsealRequest'>> {
    return this.#transport.request(createUnsealRequest, { body }, options);
  }

  /** The request's state; with `unsealKey`, the opened identity (the key travels in a header). */
  get(
    unsealRequestId: string,
    query: UnsealRequestQuery = {},
    options: RequestOptions = {},
  ): Promise<Result<'getUnsealRequest'>> {
    const headers =
      query.unsealKey === undefined
        ? options.headers
        : { ...options.headers, 'Ezhili-Unseal-Key': query.unsealKey };
    return this.#transport.request(
      getUnsealRequest,
      { params: { unsealRequestId } },
      { ...options, headers },
    );
  }

  /**
   * The sealed original an approved request opens (`target` `evidence_original` or
   * `text_original`), once, streamed; `Ezhili-Original-Sha256` in `download.response.headers`.
   */
  async openOriginal(
    unsealRequestId: string,
    unsealKey: string,
    options: RequestOptions = {},
  ): Promise<Download> {
    const { response } = await this.#transport.requestResponse(
      openUnsealedOriginal,
      { params: { unsealRequestId } },
      { ...options, headers: { ...options.headers, 'Ezhili-Unseal-Key': unsealKey } },
    );
    return toDownload(response);
  }

  /** An auditor's key share; the k-th share opens the identity for the requester. */
  submitShare(
    unsealRequestId: string,
    body: RequestBody<'submitUnsealShare'>,
    options?: RequestOptions,
  ): Promise<Result<'submitUnsealShare'>> {
    return this.#transport.request(submitUnsealShare, { params: { unsealRequestId }, body }, options);
  }
}
