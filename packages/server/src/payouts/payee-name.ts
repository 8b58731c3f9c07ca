/**
 * Whether a bank account's name is the reporter's real name, as a bank compares them: Unicode
 * NFKC (full-width letters become half-width), whitespace and the name separators people type
 * between the parts of a name (· • . in names such as 买买提·艾力) ignored, Latin letters
 * compared without case.
 */
export function accountNameMatches(realName: string, accountName: string): boolean {
  const canonical = (name: string) =>
    name
      .normalize('NFKC')
      .replace(/[\s\u00B7\u2022\u30FB\u2027.]/gu, '')
      .toLowerCase();
  const a = canonical(realName);
  return a.length > 0 && a === canonical(accountName);
}
