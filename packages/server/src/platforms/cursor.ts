import { badRequest } from '../problem/problem-error.js';

/**
 * Opaque list cursors of the platform modules: the last item's position (its rowid, in insertion
 * order), base64url-encoded so clients do not build them by hand.
 */
export function encodeCursor(position: string): string {
  return Buffer.from(`v1:${position}`).toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('v1:') || decoded.length > 200) throw invalidCursor();
  return decoded.slice(3);
}

export function invalidCursor() {
  return badRequest('invalid_cursor', 'The cursor is not one this server issued.', [
    { pointer: '#/query/cursor', detail: 'unknown cursor' },
  ]);
}

/** A cursor over insertion order (rowid), which unlike ids is strictly increasing. */
export function cursorSeq(cursor: string): number {
  const seq = Number(decodeCursor(cursor));
  if (!Number.isSafeInteger(seq)) throw invalidCursor();
  return seq;
}
