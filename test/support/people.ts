import { incomeWindow } from '../../libs/domain/income-window';
import { nationalIdCheckChar } from '../../libs/domain/national-id';

/** A made-up resident ID number with a valid birth date and check digit (no real person). */
export function nationalId(seq: number, birth = '19850101'): string {
  const first17 = `370102${birth}${String(seq).padStart(3, '0')}`;
  return first17 + nationalIdCheckChar(first17);
}

/** The `n`-th complete month before the current one (China time), 'YYYY-MM'. */
export function monthsAgo(n: number): string {
  const w = incomeWindow(new Date());
  return w.months[w.months.length - n]!;
}
