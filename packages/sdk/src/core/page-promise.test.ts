import { describe, expect, it } from 'vitest';
import { pagePromise } from './page-promise.js';

type NumberPage = { items: number[]; nextCursor: string | null };

function pagedSource(pages: Record<string, NumberPage>) {
  const asked: Array<string | undefined> = [];
  return {
    asked,
    fetchPage: async (cursor: string | undefined) => {
      asked.push(cursor);
      return pages[cursor ?? 'start']!;
    },
  };
}

const pages: Record<string, NumberPage> = {
  start: { items: [1, 2], nextCursor: 'b' },
  b: { items: [3], nextCursor: 'c' },
  c: { items: [], nextCursor: null },
};

describe('pagePromise', () => {
  it('is the first page when awaited, and every item with for await, reusing that first page', async () => {
    const source = pagedSource(pages);
    const list = pagePromise<NumberPage>(source.fetchPage, undefined);
    expect(await list).toEqual(pages.start);
    const items: number[] = [];
    for await (const item of list) items.push(item);
    expect(items).toEqual([1, 2, 3]);
    expect(source.asked).toEqual([undefined, 'b', 'c']);
  });

  it('starts at a given cursor and stops fetching when the loop breaks', async () => {
    const source = pagedSource(pages);
    const items: number[] = [];
    for await (const item of pagePromise<NumberPage>(source.fetchPage, 'b')) {
      items.push(item);
      break;
    }
    expect(items).toEqual([3]);
    expect(source.asked).toEqual(['b']);
  });

  it('collects a bounded array and walks pages', async () => {
    const source = pagedSource(pages);
    expect(await pagePromise<NumberPage>(source.fetchPage, undefined).toArray({ limit: 2 })).toEqual([1, 2]);
    const sizes: number[] = [];
    for await (const page of pagePromise<NumberPage>(source.fetchPage, undefined).pages()) {
      sizes.push(page.items.length);
    }
    expect(sizes).toEqual([2, 1]);
  });
});
