import { EzhiliError, EzhiliValidationError } from '@ezhili/sdk';
import type { FormInstance } from 'antd';

/**
 * Puts the server's field errors (RFC 9457 `errors[].pointer`, e.g. `#/penaltyFen`) on the form's
 * fields. `fields` maps each body property the form shows to its field (penaltyFen → penaltyYuan).
 * Returns the message for what no field shows, or null when every error found its field.
 */
export function showServerErrors(
  form: FormInstance,
  error: unknown,
  fields: Record<string, string>,
): string | null {
  if (!(error instanceof EzhiliError)) return error instanceof Error ? error.message : String(error);
  if (!(error instanceof EzhiliValidationError) || error.errors.length === 0) return error.message;
  const placed: Array<{ name: string; errors: string[] }> = [];
  const unplaced: string[] = [];
  for (const fieldError of error.errors) {
    const property = fieldError.pointer.replace(/^#?\//, '').split('/')[0] ?? '';
    const name = fields[property];
    if (name) placed.push({ name, errors: [fieldError.detail] });
    else unplaced.push(`${property || fieldError.pointer}: ${fieldError.detail}`);
  }
  form.setFields(placed);
  return unplaced.length > 0 ? [error.message, ...unplaced].join(' · ') : null;
}
