import { describe, expect, it } from 'vitest';
import { csvRows, readRecords, type TextRecord } from './text-records.js';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

/** Feeds the text in pieces of `size` bytes, to cross every chunk boundary. */
function* pieces(text: string, size: number): Generator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

describe('CSV', () => {
  const csv = '\uFEFFid,name,note\r\n1,"Noodle, House","say ""hi"""\r\n2,面馆,"two\nlines"\n3,,\n';

  it('parses quotes, doubled quotes, CRLF, embedded newlines, a BOM and UTF-8 across any chunking', async () => {
    for (const size of [1, 2, 3, 7, 1000]) {
      const rows = await collect(csvRows(pieces(csv, size)));
      expect(rows).toEqual([
        ['id', 'name', 'note'],
        ['1', 'Noodle, House', 'say "hi"'],
        ['2', '面馆', 'two\nlines'],
        ['3', '', ''],
      ]);
    }
  });

  it('keys records by the header and reports rows with the wrong number of fields', async () => {
    const records = await collect(readRecords(['a,b\n1,2\n3\n4,5\n'], 'csv'));
    expect(records).toEqual<TextRecord[]>([
      { row: 1, values: { a: '1', b: '2' } },
      { row: 2, error: 'has 1 fields; the header has 2' },
      { row: 3, values: { a: '4', b: '5' } },
    ]);
  });
});

describe('encodings', () => {
  it('reads Latin-1 files when the mapping says so', async () => {
    const bytes = Uint8Array.from([0x6e, 0x0a, 0x50, 0x45, 0xd1, 0x41, 0x0a]); // "n\nPEÑA\n" in Latin-1
    expect(await collect(readRecords([bytes], 'csv', 'latin1'))).toEqual([{ row: 1, values: { n: 'PEÑA' } }]);
  });
});

describe('NDJSON', () => {
  it('reads one object per line and reports lines that are not objects', async () => {
    const records = await collect(readRecords(pieces('{"a":1}\n\n[1]\n{bad\n{"a":2}', 3), 'ndjson'));
    expect(records).toEqual<TextRecord[]>([
      { row: 1, values: { a: 1 } },
      { row: 2, error: 'is not a JSON object' },
      { row: 3, error: 'is not valid JSON' },
      { row: 4, values: { a: 2 } },
    ]);
  });
});
