/** One page of a cursor-paginated list, as every list operation of the contract returns it. */
export interface Page<T> {
  items: T[];
  /** Where the next page starts; absent or null when the server says there is none. */
  nextCursor?: string | null | undefined;
}

/** Fetches the page that starts at `cursor` (undefined for the first page). */
export type FetchPage<T> = (cursor: string | undefined) => Promise<Page<T>>;

export interface PaginateOptions {
  /** Resume after an earlier run: the `cursor` a previous iteration ended with. */
  startCursor?: string | undefined;
}

/**
 * Iterates over every item of a cursor-paginated list, fetching pages lazily as the loop
 * advances, so `break` stops fetching:
 *
 * ```ts
 * for await (const lead of paginate((cursor) => platform.leads.list({ cursor }))) { … }
 * ```
 *
 * The list ends at a page without `nextCursor` or without items. Some lists (the pull
 * channels) hand out a cursor even on their last page, so that a later run can resume after
 * the last item: read it from `cursor` when the loop is done and pass it as `startCursor`.
 */
export function paginate<T>(fetchPage: FetchPage<T>, options: PaginateOptions = {}): Paginated<T> {
  return new Paginated(fetchPage, options);
}

export class Paginated<T> implements AsyncIterable<T> {
  readonly #fetchPage: FetchPage<T>;
  #cursor: string | undefined;

  constructor(fetchPage: FetchPage<T>, options: PaginateOptions = {}) {
    this.#fetchPage = fetchPage;
    this.#cursor = options.startCursor;
  }

  /** The cursor after the last page fetched: where a later run should resume. */
  get cursor(): string | undefined {
    return this.#cursor;
  }

  /** Every page in turn, for callers that work page by page. */
  async *pages(): AsyncGenerator<Page<T>, void, undefined> {
    for (;;) {
      const requested = this.#cursor;
      const page = await this.#fetchPage(requested);
      const next = page.nextCursor ?? undefined;
      if (page.items.length > 0 && next !== undefined && next === requested) {
        // The same cursor again after a full page would yield those items forever.
        throw new Error(`paginate: the server repeated the cursor "${next}".`);
      }
      if (next !== undefined && next !== '') this.#cursor = next;
      if (page.items.length > 0) yield page;
      if (page.items.length === 0 || next === undefined || next === '') return;
    }
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Collects items into an array, stopping after `limit` (required, so memory stays bounded). */
  async toArray(options: { limit: number }): Promise<T[]> {
    const items: T[] = [];
    if (options.limit <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (items.length >= options.limit) break;
    }
    return items;
  }
}
