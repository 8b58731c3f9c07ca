import { type FetchPage, type Page, Paginated } from './paginate.js';

/**
 * What a list method returns, as in stripe-node: awaited, the first page; iterated with
 * `for await`, every item of every page, fetched lazily as the loop advances.
 *
 * ```ts
 * const { items, nextCursor } = await ezhili.cases.list({ state: 'received' });
 * for await (const item of ezhili.cases.list({ state: 'received' })) { … }
 * const first500 = await ezhili.cases.list().toArray({ limit: 500 });
 * ```
 */
export type PagePromise<P extends Page<unknown>> = Promise<P> &
  AsyncIterable<ItemOfPage<P>> & {
    /** Every page in turn, starting with the one the promise resolves with. */
    pages(): AsyncGenerator<P, void, undefined>;
    /** Collects items into an array, stopping after `limit` (required, so memory stays bounded). */
    toArray(options: { limit: number }): Promise<ItemOfPage<P>[]>;
  };

export type ItemOfPage<P> = P extends { items: Array<infer Item> } ? Item : never;

/**
 * Fetches the page at `startCursor` at once and makes the promise iterable: the iteration
 * reuses that first page and follows `nextCursor` from there.
 */
export function pagePromise<P extends Page<unknown>>(
  fetchPage: FetchPage<ItemOfPage<P>>,
  startCursor: string | undefined,
): PagePromise<P> {
  const first = fetchPage(startCursor) as Promise<P>;
  const iterable = () => {
    let firstUsed = false;
    return new Paginated<ItemOfPage<P>>(
      (cursor) => {
        if (!firstUsed && cursor === startCursor) {
          firstUsed = true;
          return first as Promise<Page<ItemOfPage<P>>>;
        }
        return fetchPage(cursor);
      },
      { startCursor },
    );
  };
  return Object.assign(first, {
    [Symbol.asyncIterator]: () => iterable()[Symbol.asyncIterator](),
    pages: () => iterable().pages() as AsyncGenerator<P, void, undefined>,
    toArray: (options: { limit: number }) => iterable().toArray(options),
  });
}
