import { EzhiliError, EzhiliValidationError } from '@ezhili/sdk';
import type { FormInstance } from 'antd';

/** `fields` value meaning "the form mirrors this property's structure": `#/indicators/3/weight` → ['indicators', 3, 'weight']. */
export const NESTED = '*';

/** A JSON Pointer's segments (`#/a/0/b` → ['a', 0, 'b']), numbers as indexes. */
export function pointerPath(pointer: string): Array<string | number> {
  return pointer
    .replace(/^#?\//, '')
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

/**
 * Puts the server's field errors (RFC 9457 `errors[].pointer`, e.g. `#/penaltyFen`) on the form's
 * fields. `fields` maps each body property the form shows to its field (penaltyFen → penaltyYuan),
 * or to NESTED when the form's field names follow the body's structure.
 * Returns the message for what no field shows, or null when every error found its field.
 */
export function showServerErrors(
  form: FormInstance,
  error: unknown,
  fields: Record<string, string>,
): string | null {
  if (!(error instanceof EzhiliError)) return error instanceof Error ? error.message : String(error);
  if (!(error instanceof EzhiliValidationError) || error.errors.length === 0) return error.message;
  const placed = new Map<string, { name: Array<string | number>; errors: string[] }>();
  const unplaced: string[] = [];
  for (const fieldError of error.errors) {
    const path = pointerPath(fieldError.pointer);
    const property = String(path[0] ?? '');
    const target = fields[property];
    const name = target === NESTED ? path : target ? [target] : null;
    if (!name) {
      unplaced.push(`${property || fieldError.pointer}: ${fieldError.detail}`);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = placed.get(key) ?? { name, errors: [] };
    entry.errors.push(fieldError.detail);
    placed.set(key, entry);
  }
  form.setFields([...placed.values()]);
  return unplaced.length > 0 ? [error.message, ...unplaced].join(' · ') : null;
}
