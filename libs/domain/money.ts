/** Money is integer fen (1 yuan = 100 fen) everywhere; these helpers never use floats for arithmetic. */
export type Fen = number;

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function yuanToFen(yuan: number): Fen {
  if (!Number.isSafeInteger(yuan)) throw new RangeError(`yuan must be a whole number, got ${yuan}`);
  return yuan * 100;
}

/** Formats fen as yuan with two decimals, e.g. 123456 → "1,234.56". */
export function formatFen(fen: Fen): string {
  if (!isFen(fen)) throw new RangeError(`not an integer fen amount: ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${sign}${yuan}.${cents}`;
}

export function isWithinRange(amountFen: Fen, minFen: Fen, maxFen: Fen): boolean {
  return isFen(amountFen) && amountFen >= minFen && amountFen <= maxFen;
}
