import { badRequest } from '../problem/problem-error.js';

type Part = 'string' | 'number';
type Position<Shape extends readonly Part[]> = {
  [I in keyof Shape]: Shape[I] extends 'number' ? number : string;
};

/**
 * The one cursor format of every list (`nextCursor`): opaque to clients, base64url of the JSON
 * array `[list, ...position]`, where `position` is what the list's index walk resumes after (a
 * rowid, or a sort key and an id). Naming the list means a cursor of one list is refused by
 * every other; every malformed cursor is the same 400 `invalid_cursor`, whatever the list.
 */
export function encodeCursor(list: string, position: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([list, ...position])).toString('base64url');
}

/** The position a cursor of `list` holds, typed by `shape`; 400 `invalid_cursor` otherwise. */
export function decodeCursor<const Shape extends readonly Part[]>(
  list: string,
  cursor: string,
  shape: Shape,
): Position<Shape> {
  const legacy = legacyPosition(cursor, shape);
  if (legacy) return legacy as Position<Shape>;
  let value: unknown;
  if (BASE64URL.test(cursor)) {
    try {
      value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      value = undefined;
    }
  }
  if (
    !Array.isArray(value) ||
    value[0] !== list ||
    value.length !== shape.length + 1 ||
    !shape.every((type, i) => fits(value[i + 1], type))
  ) {
    throw invalidCursor();
  }
  return value.slice(1) as Position<Shape>;
}

export function invalidCursor() {
  return badRequest('invalid_cursor', 'The cursor is not one this list issued.', [
    { pointer: '#/query/cursor', detail: 'unknown cursor' },
  ]);
}

const BASE64URL = /^[A-Za-z0-9_-]{1,512}$/;

function fits(value: unknown, type: Part): boolean {
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}

/**
 * Cursors issued before this format (`v1:<rowid>`, base64url) over rowid-ordered lists: platforms
 * keep their lead cursor between polls, so an upgrade must not make them start over.
 */
function legacyPosition(cursor: string, shape: readonly Part[]): [number] | undefined {
  if (shape.length !== 1 || shape[0] !== 'number' || !BASE64URL.test(cursor)) return undefined;
  const match = /^v1:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? [Number(match[1])] : undefined;
}

/** A cursor over insertion order (rowid), which unlike ids is strictly increasing. */
export function encodeSeqCursor(list: string, seq: unknown): string {
  return encodeCursor(list, [Number(seq)]);
}

export function decodeSeqCursor(list: string, cursor: string): number {
  const [seq] = decodeCursor(list, cursor, ['number']);
  if (!Number.isSafeInteger(seq)) throw invalidCursor();
  return seq;
}
