/**
 * Reading values out of database rows, in one place. libsql hands back `null` for SQL NULL and
 * numbers (or bigints) for INTEGER columns; SQLite has no boolean, so flags are 0/1 integers.
 * A row is any record of column values (libsql's `Row` is one, no cast needed).
 */
export type Row = Record<string, unknown>;

const absent = (value: unknown): value is null | undefined => value === null || value === undefined;

/** A nullable TEXT column: `null` stays `null`, anything else becomes its string. */
export const textOrNull = (value: unknown): string | null => (absent(value) ? null : String(value));

/** A nullable INTEGER or REAL column as a number. */
export const numberOrNull = (value: unknown): number | null => (absent(value) ? null : Number(value));

/** A nullable 0/1 flag as a boolean. */
export const boolOrNull = (value: unknown): boolean | null => (absent(value) ? null : Number(value) !== 0);

/** A NOT NULL 0/1 flag as a boolean. */
export const bool = (value: unknown): boolean => Number(value) !== 0;
