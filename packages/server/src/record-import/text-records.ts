/**
 * Streaming readers for import files: CSV (RFC 4180: quoted fields, doubled quotes, CR/LF or LF,
 * a UTF-8 BOM) and NDJSON. Both yield one record at a time with its 1-based number, so a file of
 * millions of rows never sits in memory.
 */

export type TextRecord = { row: number; values: Record<string, unknown> } | { row: number; error: string };

export type ImportFormat = 'csv' | 'ndjson';

/** A body or file as chunks of bytes or text. */
export type Chunks = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/** Text encodings a source file may use; most are UTF-8, older exports Latin-1 (Windows-1252). */
export type TextEncoding = 'utf-8' | 'latin1';

async function* decodeText(chunks: Chunks, encoding: TextEncoding = 'utf-8'): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding, { ignoreBOM: false });
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** CSV rows as arrays of fields. */
export async function* csvRows(chunks: Chunks, encoding?: TextEncoding): AsyncGenerator<string[]> {
  let field = '';
  let row: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let first = true;
  for await (let text of decodeText(chunks, encoding)) {
    if (first) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (quoted) {
        if (ch === 34) {
          field += text.slice(start, i);
          start = i + 1;
          quoted = false;
          afterQuote = true;
        }
        continue;
      }
      if (ch === 34) {
        // A quote right after a closing quote is an escaped quote ("").
        if (afterQuote) field += '"';
        else field += text.slice(start, i);
        start = i + 1;
        quoted = true;
        afterQuote = false;
      } else if (ch === 44) {
        row.push(field + text.slice(start, i));
        field = '';
        start = i + 1;
        afterQuote = false;
      } else if (ch === 10 || ch === 13) {
        const value = field + text.slice(start, i);
        start = i + 1;
        afterQuote = false;
        field = '';
        if (ch === 13 && text.charCodeAt(i + 1) === 10) {
          i += 1;
          start = i + 1;
        }
        if (row.length > 0 || value !== '') {
          row.push(value);
          yield row;
        }
        row = [];
      } else {
        afterQuote = false;
      }
    }
    field += text.slice(start);
  }
  if (row.length > 0 || field !== '') {
    row.push(field);
    yield row;
  }
}

/** CSV records keyed by the header row's column names. */
async function* csvRecords(chunks: Chunks, encoding?: TextEncoding): AsyncGenerator<TextRecord> {
  let header: string[] | undefined;
  let row = 0;
  for await (const fields of csvRows(chunks, encoding)) {
    if (!header) {
      header = fields.map((name) => name.trim());
      continue;
    }
    row += 1;
    if (fields.length !== header.length) {
      yield { row, error: `has ${fields.length} fields; the header has ${header.length}` };
      continue;
    }
    const values: Record<string, unknown> = {};
    for (let i = 0; i < header.length; i++) values[header[i]!] = fields[i];
    yield { row, values };
  }
}

async function* lines(chunks: Chunks, encoding?: TextEncoding): AsyncGenerator<string> {
  let rest = '';
  for await (const text of decodeText(chunks, encoding)) {
    rest += text;
    let nl = rest.indexOf('\n');
    while (nl !== -1) {
      yield rest.slice(0, nl);
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
  }
  if (rest !== '') yield rest;
}

/** NDJSON records: one JSON object per line; blank lines are skipped but counted. */
async function* ndjsonRecords(chunks: Chunks, encoding?: TextEncoding): AsyncGenerator<TextRecord> {
  let row = 0;
  for await (const line of lines(chunks, encoding)) {
    const text = line.trim();
    if (text === '') continue;
    row += 1;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { row, error: 'is not valid JSON' };
      continue;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { row, error: 'is not a JSON object' };
      continue;
    }
    yield { row, values: value as Record<string, unknown> };
  }
}

export function readRecords(
  chunks: Chunks,
  format: ImportFormat,
  encoding?: TextEncoding,
): AsyncGenerator<TextRecord> {
  return format === 'csv' ? csvRecords(chunks, encoding) : ndjsonRecords(chunks, encoding);
}

/** The format of a file by its name, or of a body by its media type. */
export function formatOf(nameOrType: string): ImportFormat | undefined {
  const value = nameOrType.toLowerCase();
  if (value.endsWith('.csv') || value.startsWith('text/csv')) return 'csv';
  if (/\.(nd)?jsonl?$/.test(value) || value.startsWith('application/x-ndjson')) return 'ndjson';
  return undefined;
}
