/**
 * Dynamic management of active files (动态管理): quarters of the regular subsidy (定期补助), the date
 * of the annual re-certification (年度复核), early-warning kinds (预警事件), and the validation of the
 * policy sections `subsidy`, `recertification` and `earlyWarning`.
 *
 * Pure and deterministic: imported by Temporal workflow code (no I/O, no Node built-ins, no
 * wall-clock time). Dates are China calendar dates `YYYY-MM-DD` (see calendar.ts).
 */
import type { HardshipCategory } from './hardship-category';

// ---------------------------------------------------------------------------------------------
// Quarters
// ---------------------------------------------------------------------------------------------

/** A calendar quarter written `2026Q4`. Quarters of one year compare correctly as strings. */
export type QuarterCode = `${number}Q${1 | 2 | 3 | 4}`;

const QUARTER_RE = /^(\d{4})Q([1-4])$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isQuarterCode(value: unknown): value is QuarterCode {
  return typeof value === 'string' && QUARTER_RE.test(value);
}

function parseDate(date: string): { year: number; month: number; day: number } {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a valid calendar date: ${date}`);
  }
  return { year, month, day };
}

function parseQuarter(q: string): { year: number; quarter: 1 | 2 | 3 | 4 } {
  const m = QUARTER_RE.exec(q);
  if (!m) throw new RangeError(`not a quarter like 2026Q4: ${JSON.stringify(q)}`);
  return { year: Number(m[1]), quarter: Number(m[2]) as 1 | 2 | 3 | 4 };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The quarter a China date falls in. */
export function quarterOf(date: string): QuarterCode {
  const { year, month } = parseDate(date);
  return `${year}Q${Math.ceil(month / 3) as 1 | 2 | 3 | 4}`;
}

/** First day of a quarter (2026Q4 → 2026-10-01). */
export function quarterStart(q: string): string {
  const { year, quarter } = parseQuarter(q);
  return `${year}-${pad((quarter - 1) * 3 + 1)}-01`;
}

export function nextQuarter(q: string): QuarterCode {
  const { year, quarter } = parseQuarter(q);
  return quarter === 4 ? `${year + 1}Q1` : `${year}Q${(quarter + 1) as 1 | 2 | 3 | 4}`;
}

/** Negative when a is earlier than b, 0 when equal, positive when later. */
export function compareQuarters(a: string, b: string): number {
  const x = parseQuarter(a);
  const y = parseQuarter(b);
  return x.year * 4 + x.quarter - (y.year * 4 + y.quarter);
}

// ---------------------------------------------------------------------------------------------
// Annual re-certification date
// ---------------------------------------------------------------------------------------------

export type RecertificationMode = 'fixed_quarter' | 'anniversary';
export const RECERTIFICATION_MODES: readonly RecertificationMode[] = ['fixed_quarter', 'anniversary'];

export interface RecertificationPolicy {
  /**
   * fixed_quarter: every file is re-certified at the start of `quarter` each year, starting the
   * year after it became active (files activated this year skip this year's round);
   * anniversary: on the anniversary of the day the file became active (29 Feb → 28 Feb).
   */
  mode: RecertificationMode;
  /** Quarter of the fixed round (1–4); kept but unused in anniversary mode. */
  quarter: 1 | 2 | 3 | 4;
  /** The re-certification task is due this many working days after it opens. */
  dueWorkingDays: number;
}

function anniversary(activated: { year: number; month: number; day: number }, year: number): string {
  const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const day = activated.month === 2 && activated.day === 29 && !leap(year) ? 28 : activated.day;
  return `${year}-${pad(activated.month)}-${pad(day)}`;
}

/**
 * The next re-certification date of a file: the first one after `lastDueOn` (the previous round's
 * date) or, for a file never re-certified, the first one after it became active.
 */
export function nextRecertificationDate(
  policy: Pick<RecertificationPolicy, 'mode' | 'quarter'>,
  activatedOn: string,
  lastDueOn: string | null,
): string {
  const activated = parseDate(activatedOn);
  const after = lastDueOn ?? activatedOn;
  parseDate(after);
  if (policy.mode === 'anniversary') {
    for (let year = Math.max(activated.year + 1, parseDate(after).year); ; year++) {
      const candidate = anniversary(activated, year);
      if (candidate > after) return candidate;
    }
  }
  if (!Number.isInteger(policy.quarter) || policy.quarter < 1 || policy.quarter > 4) {
    throw new RangeError(`quarter must be 1–4, got ${policy.quarter}`);
  }
  for (let year = Math.max(activated.year + 1, parseDate(after).year); ; year++) {
    const candidate = quarterStart(`${year}Q${policy.quarter}`);
    if (candidate > after) return candidate;
  }
}

// ---------------------------------------------------------------------------------------------
// Regular subsidy and early warnings: policy shapes
// ---------------------------------------------------------------------------------------------

export interface SubsidyPolicy {
  /** Budget program the payments are charged to (default regular_subsidy 定期补助). */
  programCode: string;
  /** Fund source to pay from; null = the first fund source (by order) whose budget covers it. */
  fundSource: string | null;
  /** Categories that receive a regular subsidy, with the amount per quarter (fen). */
  amounts: Array<{ category: HardshipCategory; amountFenPerQuarter: number }>;
}

export const EARLY_WARNING_KINDS = [
  'hospitalisation',
  'injury',
  'family_death',
  'layoff',
  'disaster',
] as const;
export type EarlyWarningKind = (typeof EARLY_WARNING_KINDS)[number];

export const EARLY_WARNING_KIND_LABELS: Record<EarlyWarningKind, { zh: string; en: string }> = {
  hospitalisation: { zh: '住院', en: 'Hospitalisation' },
  injury: { zh: '工伤或意外受伤', en: 'Injury' },
  family_death: { zh: '家庭成员去世', en: 'Death in the family' },
  layoff: { zh: '失业下岗', en: 'Lay-off' },
  disaster: { zh: '遭受灾害', en: 'Disaster' },
};

export interface EarlyWarningPolicy {
  /** The outreach task is due this many working days after the event is reported (default 3). */
  outreachDueWorkingDays: number;
  /** Per-kind overrides of outreachDueWorkingDays. */
  dueWorkingDaysByKind: Partial<Record<EarlyWarningKind, number>>;
}

export function outreachDueWorkingDays(policy: EarlyWarningPolicy, kind: EarlyWarningKind): number {
  return policy.dueWorkingDaysByKind[kind] ?? policy.outreachDueWorkingDays;
}

/** The quarterly amount a file of this category receives, or null when its category gets none. */
export function subsidyAmountFor(policy: SubsidyPolicy, category: HardshipCategory | null): number | null {
  if (!category) return null;
  return policy.amounts.find((a) => a.category === category)?.amountFenPerQuarter ?? null;
}
