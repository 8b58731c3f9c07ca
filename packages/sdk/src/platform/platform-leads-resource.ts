import type { RequestBody, Schema } from '@ezhili/contract';
import { operation, type QueryParams, type Result } from '../core/operation.js';
import type { RequestOptions } from '../core/options.js';
import type { PagePromise } from '../core/page-promise.js';
import type { Paginated, PaginateOptions } from '../core/paginate.js';
import { listOperation, paginateOperation } from '../core/paginate-operation.js';
import type { Transport } from '../core/transport.js';

const listPlatformLeads = operation('listPlatformLeads', 'GET', '/platforms/{platformId}/leads');
const acknowledgeLead = operation(
  'acknowledgeLead',
  'POST',
  '/platforms/{platformId}/leads/{leadId}/acknowledgement',
);
const reportLeadAction = operation(
  'reportLeadAction',
  'POST',
  '/platforms/{platformId}/leads/{leadId}/action',
);
const submitPlatformLead = operation('submitPlatformLead', 'POST', '/platforms/{platformId}/submitted-leads');

export type Lead = Schema<'Lead'>;

/** Leads as a platform sees them (tag `leads`): pull, acknowledge, report the action, submit its own. */
export class PlatformLeadsResource {
  readonly #transport: Transport;
  readonly #platformId: string;

  constructor(transport: Transport, platformId: string) {
    this.#transport = transport;
    this.#platformId = platformId;
  }

  /**
   * The platform's leads in creation order: awaited, one page (keep `nextCursor` to ask for
   * newer ones later); iterated with `for await`, every lead from `query.cursor` on.
   */
  list(
    query: QueryParams<'listPlatformLeads'> = {},
    options?: RequestOptions,
  ): PagePromise<Result<'listPlatformLeads'>> {
    return listOperation(
      this.#transport,
      listPlatformLeads,
      { params: { platformId: this.#platformId }, query },
      options,
    );
  }

  /**
   * Every lead from `startCursor` on, fetched page by page:
   *
   * ```ts
   * const leads = platform.leads.pull({ startCursor: saved });
   * for await (const lead of leads) await handle(lead);
   * saved = leads.cursor; // resume here next time
   * ```
   */
  pull(
    query: Omit<QueryParams<'listPlatformLeads'>, 'cursor'> = {},
    options: RequestOptions & PaginateOptions = {},
  ): Paginated<Lead> {
    return paginateOperation(
      this.#transport,
      listPlatformLeads,
      { params: { platformId: this.#platformId }, query },
      options,
    );
  }

  acknowledge(
    leadId: string,
    body: RequestBody<'acknowledgeLead'> = {},
    options?: RequestOptions,
  ): Promise<Lead> {
    return this.#transport.request(
      acknowledgeLead,
      { params: { platformId: this.#platformId, leadId }, body },
      options,
    );
  }

  /** Reports what was done, e.g. `{ action: 'taken_down', at: '2026-…Z', evidence: [...] }`. */
  reportAction(
    leadId: string,
    body: RequestBody<'reportLeadAction'>,
    options?: RequestOptions,
  ): Promise<Schema<'LeadAction'>> {
    return this.#transport.request(
      reportLeadAction,
      { params: { platformId: this.#platformId, leadId }, body },
      options,
    );
  }

  /** Reports a violation the platform detected; it becomes a case at the regulator. */
  submit(
    body: RequestBody<'submitPlatformLead'>,
    options?: RequestOptions,
  ): Promise<Schema<'PlatformLeadReceipt'>> {
    return this.#transport.request(
      submitPlatformLead,
      { params: { platformId: this.#platformId }, body },
      options,
    );
  }
}
