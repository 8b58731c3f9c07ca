import type { OperationId } from '@ezhili/contract';
import type { CallInput, Operation, QueryParams, Result } from './operation.js';
import type { RequestOptions } from './options.js';
import { type Page, type Paginated, type PaginateOptions, paginate } from './paginate.js';
import type { Transport } from './transport.js';

/** The item type of a list operation (`items` of its success body). */
export type ItemOf<Op extends OperationId> = Result<Op> extends { items: Array<infer Item> } ? Item : never;

/**
 * Auto-pagination for a list operation: the pages of `op`, each fetched with `input.query`
 * plus the `cursor` of the page before. Resource authors return this from their
 * `listAll()`-style methods.
 */
export function paginateOperation<Op extends OperationId>(
  transport: Transport,
  op: Operation<Op>,
  input: CallInput<Op> = {},
  options: RequestOptions & PaginateOptions = {},
): Paginated<ItemOf<Op>> {
  const { startCursor, ...requestOptions } = options;
  return paginate(
    async (cursor) => {
      const query = { ...(input.query ?? {}), ...(cursor !== undefined && { cursor }) } as QueryParams<Op>;
      return (await transport.request(op, { ...input, query }, requestOptions)) as Page<ItemOf<Op>>;
    },
    { startCursor },
  );
}
