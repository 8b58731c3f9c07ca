import type { OperationId } from '@ezhili/contract';
import type { CallInput, Operation, QueryParams, Result } from './operation.js';
import type { RequestOptions } from './options.js';
import { type PagePromise, pagePromise } from './page-promise.js';
import { type Page, type Paginated, type PaginateOptions, paginate } from './paginate.js';
import type { Transport } from './transport.js';

/** The item type of a list operation (`items` of its success body). */
export type ItemOf<Op extends OperationId> = Result<Op> extends { items: Array<infer Item> } ? Item : never;

/** The success body of a list operation, as the page type pagination works with. */
type PageOf<Op extends OperationId> = Result<Op> & Page<ItemOf<Op>>;

function pageFetcher<Op extends OperationId>(
  transport: Transport,
  op: Operation<Op>,
  input: CallInput<Op>,
  options: RequestOptions,
) {
  return async (cursor: string | undefined) => {
    const query = { ...(input.query ?? {}), ...(cursor !== undefined && { cursor }) } as QueryParams<Op>;
    return (await transport.request(op, { ...input, query }, options)) as PageOf<Op>;
  };
}

/**
 * A list method's answer: the first page (at `input.query.cursor`, if given) as a promise that
 * also iterates over every item with `for await`. Every resource's `list…()` method of a
 * paginated operation returns this.
 */
export function listOperation<Op extends OperationId>(
  transport: Transport,
  op: Operation<Op>,
  input: CallInput<Op> = {},
  options: RequestOptions = {},
): PagePromise<PageOf<Op>> {
  const { cursor } = (input.query ?? {}) as { cursor?: string };
  return pagePromise<PageOf<Op>>(pageFetcher(transport, op, input, options), cursor);
}

/**
 * Auto-pagination for a pull channel: the pages of `op` from `startCursor` on, with the cursor
 * to resume from afterwards (`Paginated.cursor`). `platform.leads.pull()` is built on it.
 */
export function paginateOperation<Op extends OperationId>(
  transport: Transport,
  op: Operation<Op>,
  input: CallInput<Op> = {},
  options: RequestOptions & PaginateOptions = {},
): Paginated<ItemOf<Op>> {
  const { startCursor, ...requestOptions } = options;
  return paginate(pageFetcher(transport, op, input, requestOptions), { startCursor });
}
