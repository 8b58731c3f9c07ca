import { operation, type QueryParams, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { PagePromise } from '../core/page-promise.js';
import { listOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';

const listAuditEvents = operation('listAuditEvents', 'GET', '/audit/events');
const verifyAuditChain = operation('verifyAuditChain', 'GET', '/audit/verification');
const createAuditVerification = operation('createAuditVerification', 'POST', '/audit/verifications');
const getAuditVerification = operation(
  'getAuditVerification',
  'GET',
  '/audit/verifications/{verificationId}',
);
const listAuditCheckpoints = operation('listAuditCheckpoints', 'GET', '/audit/checkpoints');

/** The tamper-evident audit log (tag `audit`; `auditor`, `admin`). Reading it is logged too. */
export class AuditResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Audit events, newest first. */
  listEvents(
    query: QueryParams<'listAuditEvents'> = {},
    options?: RequestOptions,
  ): Promise<Result<'listAuditEvents'>> {
    return this.#transport.request(listAuditEvents, { query }, options);
  }

  /** Checks the hash chain now and says whether it is intact, and where it broke if not. */
  verifyChain(
    query: QueryParams<'verifyAuditChain'> = {},
    options?: RequestOptions,
  ): Promise<Result<'verifyAuditChain'>> {
    return this.#transport.request(verifyAuditChain, { query }, options);
  }

  /** Starts a verification in the background (202); poll it with `getVerification`. */
  createVerification(
    body: RequestBody<'createAuditVerification'> = {},
    options?: RequestOptions,
  ): Promise<Result<'createAuditVerification'>> {
    return this.#transport.request(createAuditVerification, { body }, options);
  }

  getVerification(verificationId: string, options?: RequestOptions): Promise<Result<'getAuditVerification'>> {
    return this.#transport.request(getAuditVerification, { params: { verificationId } }, options);
  }

  /** The signed checkpoints of the chain, newest first; `for await` walks every page. */
  listCheckpoints(
    query: QueryParams<'listAuditCheckpoints'> = {},
    options?: RequestOptions,
  ): PagePromise<Result<'listAuditCheckpoints'>> {
    return listOperation(this.#transport, listAuditCheckpoints, { query }, options);
  }
}
