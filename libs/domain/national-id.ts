/**
 * Mainland resident identity numbers (居民身份证号码, GB 11643-1999): the one validation rule used by
 * member registration, household members and the roster import — format, a real birth date, and the
 * ISO 7064 MOD 11-2 check character.
 *
 * Pure and deterministic (no I/O, no Node built-ins): libs/security/pii.ts re-exports it and hashes the
 * normalised form.
 */

/**
 * Canonical form of a national ID number: full-width characters folded to ASCII (NFKC: "１２…Ｘ" → "12…X"),
 * all whitespace removed, the check character x upper-cased.
 */
export function normaliseNationalId(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export type NationalIdCheck =
  | { ok: true; normalised: string }
  | { ok: false; rule: 'format' | 'birth_date' | 'checksum'; message: string };

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';

/** The ISO 7064 MOD 11-2 check character for the first 17 digits of a resident ID number. */
export function nationalIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('expected exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK_CHARS[sum % 11];
}

/**
 * Validates a mainland 18-digit resident identity number (GB 11643-1999): 17 digits and a check character
 * (0–9 or X), a real birth date YYYYMMDD with the year in 1900–2100, and the MOD 11-2 checksum.
 */
export function validateNationalId(s: string): NationalIdCheck {
  const normalised = typeof s === 'string' ? normaliseNationalId(s) : '';
  if (!/^\d{17}[\dX]$/.test(normalised)) {
    return {
      ok: false,
      rule: 'format',
      message: 'a resident ID number has 18 characters: 17 digits and a final digit or X',
    };
  }
  const year = Number(normalised.slice(6, 10));
  const month = Number(normalised.slice(10, 12));
  const day = Number(normalised.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    year > 2100 ||
    birth.getUTCFullYear() !== year ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day
  ) {
    return {
      ok: false,
      rule: 'birth_date',
      message: `the birth date ${normalised.slice(6, 14)} in the ID number is not a valid date (1900–2100)`,
    };
  }
  if (nationalIdCheckChar(normalised.slice(0, 17)) !== normalised[17]) {
    return { ok: false, rule: 'checksum', message: 'the ID number check digit does not match (mistyped?)' };
  }
  return { ok: true, normalised };
}
