import { describe, expect, it } from 'vitest';
import { type Page, paginate } from './paginate.js';

/** Pages addressed by cursor: undefined is the first page, 'cN' is page N. */
function pagesOf(...pages: Page<number>[]) {
  const cursors: (string | undefined)[] = [];
  const fetchPage = async (cursor: string | undefined) => {
    cursors.push(cursor);
    return pages[cursor === undefined ? 0 : Number(cursor.slice(1))]!;
  };
  return { cursors, fetchPage };
}

describe('paginate', () => {
  it('yields every item of every page, following nextCursor until it is null', async () => {
    const { cursors, fetchPage } = pagesOf(
      { items: [1, 2], nextCursor: 'c1' },
      { items: [3], nextCursor: 'c2' },
      { items: [4], nextCursor: null },
    );
    const items: number[] = [];
    for await (const item of paginate(fetchPage)) items.push(item);
    expect(items).toEqual([1, 2, 3, 4]);
    expect(cursors).toEqual([undefined, 'c1', 'c2']);
  });

  it('ends at an empty page and keeps the cursor to resume from (pull channels)', async () => {
    const { cursors, fetchPage } = pagesOf(
      { items: [1, 2], nextCursor: 'c1' },
      { items: [], nextCursor: 'c1' },
    );
    const list = paginate(fetchPage);
    expect(await list.toArray({ limit: 10 })).toEqual([1, 2]);
    expect(cursors).toEqual([undefined, 'c1']);
    expect(list.cursor).toBe('c1');

    const resumed = pagesOf(
      { items: [9] },
      { items: [3], nextCursor: 'c2' },
      { items: [], nextCursor: 'c2' },
    );
    const later = paginate(resumed.fetchPage, { startCursor: 'c1' });
    expect(await later.toArray({ limit: 10 })).toEqual([3]);
    expect(resumed.cursors).toEqual(['c1', 'c2']);
    expect(later.cursor).toBe('c2');
  });

  it('fetches lazily: breaking out stops fetching', async () => {
    const { cursors, fetchPage } = pagesOf({ items: [1, 2], nextCursor: 'c1' }, { items: [3] });
    for await (const item of paginate(fetchPage)) if (item === 1) break;
    expect(cursors).toEqual([undefined]);
  });

  it('collects up to a limit and exposes pages', async () => {
    const { fetchPage } = pagesOf({ items: [1, 2], nextCursor: 'c1' }, { items: [3, 4] });
    expect(await paginate(fetchPage).toArray({ limit: 3 })).toEqual([1, 2, 3]);
    const pages = [];
    for await (const page of paginate(fetchPage).pages()) pages.push(page.items);
    expect(pages).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('refuses a cursor that does not advance instead of looping forever', async () => {
    const { fetchPage } = pagesOf({ items: [1], nextCursor: 'c1' }, { items: [2], nextCursor: 'c1' });
    await expect(paginate(fetchPage).toArray({ limit: 100 })).rejects.toThrow(/repeated the cursor/);
  });
});
