/** Money is in fen (1 yuan = 100 fen) on the wire and in yuan on screen. */
export function fenToYuan(fen: number): number {
  return fen / 100;
}

/**
 * Yuan as typed (up to two decimals) to whole fen, without floating-point drift
 * ("12.3" → 1230, "0.07" → 7). Null for anything that is not an amount.
 */
export function yuanToFen(yuan: string | number): number | null {
  const text = String(yuan).trim();
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const cents = Number((match[2] ?? '').padEnd(2, '0'));
  const fen = whole * 100 + cents;
  return Number.isSafeInteger(fen) ? fen : null;
}

/** "¥1,234.50" (zh) / "CNY 1,234.50" (en) from fen. */
export function formatYuan(fen: number | null | undefined, locale: string): string {
  if (fen === null || fen === undefined) return '—';
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'CNY',
    minimumFractionDigits: 2,
  }).format(fenToYuan(fen));
}
