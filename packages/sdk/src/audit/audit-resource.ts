import { operation, type QueryParams, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { Transport } from '../core/transport.js';

const listAuditEvents = operation('listAuditEvents', 'GET', '/audit/events');
const verifyAuditChain = operation('verifyAuditChain', 'GET', '/audit/verification');

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

  /** Recomputes the hash chain and says whether it is intact, and where it broke if not. */
  verifyChain(options?: RequestOptions): Promise<Result<'verifyAuditChain'>> {
    return this.#transport.request(verifyAuditChain, {}, options);
  }
}
