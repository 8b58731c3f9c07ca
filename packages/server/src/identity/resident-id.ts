/**
 * Chinese resident identity numbers (GB 11643-1999): 6-digit region code, 8-digit birth date
 * (YYYYMMDD), 3-digit sequence (odd for men, even for women), and an ISO 7064 MOD 11-2 check
 * character (0-9 or X).
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';
const EARLIEST_BIRTH_YEAR = 1900;
// GB/T 2260 province-level codes (the first two digits of every region code), plus 71/81/82
// (Taiwan, Hong Kong, Macao), which GB 11643 numbers for residence permits use.
const PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(
    ' ',
  ),
);

export type ResidentIdProblem = 'format' | 'region' | 'birth_date' | 'check_digit';

/** The check character (0-9 or X) for the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('The check character needs exactly 17 digits.');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/** Uppercases a trailing x and trims; the stored form. */
export function normalizeResidentId(value: string): string {
  return value.trim().toUpperCase();
}

/**
 * Why a resident ID number is invalid, or `undefined` when it is valid: 18 characters, a
 * region whose first two digits are a GB/T 2260 province, a real birth date not in
 * the future and not before 1900, and a matching check character.
 */
export function residentIdProblem(value: string, today: Date): ResidentIdProblem | undefined {
  const id = normalizeResidentId(value);
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  if (!PROVINCES.has(id.slice(0, 2))) return 'region';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (
    year < EARLIEST_BIRTH_YEAR ||
    birth.getUTCFullYear() !== year ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day ||
    birth.getTime() > today.getTime()
  ) {
    return 'birth_date';
  }
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id[17]) return 'check_digit';
  return undefined;
}

export function isValidResidentId(value: string, today: Date): boolean {
  return residentIdProblem(value, today) === undefined;
}
