import { operation, type QueryParams, type RequestBody, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { PagePromise } from '../core/page-promise.js';
import { listOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';

const createLead = operation('createLead', 'POST', '/leads');
const listPlatformLeads = operation('listPlatformLeads', 'GET', '/platforms/{platformId}/leads');

/** Violation leads the regulator sends to platforms (tag `leads`), as staff see them. */
export class LeadsResource {
  readonly #transport: Transport;

  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Sends a lead to the platform listing the shop (from a case, or a manual one). */
  create(body: RequestBody<'createLead'>, options?: RequestOptions): Promise<Result<'createLead'>> {
    return this.#transport.request(createLead, { body }, options);
  }

  /** One platform's leads in creation order; `for await` walks every page. */
  list(
    platformId: string,
    query: QueryParams<'listPlatformLeads'> = {},
    options?: RequestOptions,
  ): PagePromise<Result<'listPlatformLeads'>> {
    return listOperation(this.#transport, listPlatformLeads, { params: { platformId }, query }, options);
  }
}
