import type { Schema } from '@ezhili/contract';
import { badRequest, type FieldError } from '../problem/problem-error.js';
import { normalizeResidentId, residentIdProblem } from './resident-id.js';

/**
 * What a reporter registers, less the passphrase: the personal data sealed into the two
 * envelopes. Normalised (`normalizeReporterIdentity`): the resident ID (GB 11643) with its
 * trailing X uppercased, the mobile number as its 11 digits without a country code.
 */
export type ReporterIdentity = Omit<Schema<'ReporterRegistration'>, 'passphrase'>;

/**
 * A mainland China mobile number in its 11-digit form, or undefined. Accepts spaces, hyphens and
 * a +86 / 0086 prefix, as people type them.
 */
export function normalizeMainlandMobile(value: string): string | undefined {
  let digits = value.replace(/[\s-]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

const collapse = (value: string) => value.normalize('NFKC').trim().replace(/\s+/g, ' ');

/**
 * Checks and normalises an identity beyond what the contract's schema says; throws one 400
 * listing every bad field by pointer, never echoing the values.
 */
export function normalizeReporterIdentity(input: ReporterIdentity, today: Date): ReporterIdentity {
  const errors: FieldError[] = [];
  const realName = collapse(input.realName);
  if (realName.length === 0) errors.push({ pointer: '#/realName', detail: 'must not be blank' });
  const residentProblem = residentIdProblem(input.residentId, today);
  if (residentProblem) {
    const why = {
      format: 'must be 17 digits followed by a digit or X',
      region: 'does not start with a known province code',
      birth_date: 'does not contain a valid birth date',
      check_digit: 'has a wrong check character (GB 11643)',
    }[residentProblem];
    errors.push({ pointer: '#/residentId', detail: why });
  }
  const phone = normalizeMainlandMobile(input.phone);
  if (!phone)
    errors.push({
      pointer: '#/phone',
      detail: 'must be a mainland China mobile number (11 digits, 1[3-9]…)',
    });
  const accountNumber = input.bankAccount.accountNumber.replace(/[\s-]/g, '');
  if (!/^\d{8,30}$/.test(accountNumber)) {
    errors.push({ pointer: '#/bankAccount/accountNumber', detail: 'must be 8 to 30 digits' });
  }
  const bankName = collapse(input.bankAccount.bankName);
  if (bankName.length === 0) errors.push({ pointer: '#/bankAccount/bankName', detail: 'must not be blank' });
  const accountName = collapse(input.bankAccount.accountName);
  if (accountName.length === 0)
    errors.push({ pointer: '#/bankAccount/accountName', detail: 'must not be blank' });
  if (errors.length > 0)
    throw badRequest('invalid_identity', 'Some registration details are not valid.', errors);
  return {
    realName,
    residentId: normalizeResidentId(input.residentId),
    phone: phone!,
    bankAccount: { bankName, accountNumber, accountName },
  };
}
