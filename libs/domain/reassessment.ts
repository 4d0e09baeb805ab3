/**
 * Re-assessment vocabulary and calendar helpers. Pure and deterministic: imported by workflow code.
 */
export const OUTCOMES = [
  'unchanged',
  'category_up',
  'category_down',
  'exit_proposed',
  'stale',
  'worse',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type OutcomeCounts = Record<Outcome, number>;

export const OUTCOME_LABELS: Record<Outcome, { zh: string; en: string }> = {
  unchanged: { zh: '无变化', en: 'Unchanged' },
  category_up: { zh: '困难类别加重', en: 'Category up (more severe)' },
  category_down: { zh: '困难类别减轻', en: 'Category down (less severe)' },
  exit_proposed: { zh: '建议解困脱困', en: 'Exit proposed' },
  stale: { zh: '资料过期，需复核走访', en: 'Data stale: re-check visit' },
  worse: { zh: '陷入深度困难，已上报', en: 'Worse: escalated' },
};

/** Why an active file closes (结档原因). */
export const CLOSE_REASONS = ['exit', 'retired', 'moved', 'deceased', 'unreachable'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const CLOSE_REASON_LABELS: Record<CloseReason, { zh: string; en: string }> = {
  exit: { zh: '解困脱困', en: 'Exited hardship' },
  retired: { zh: '退休', en: 'Retired' },
  moved: { zh: '迁出/调离', en: 'Moved away' },
  deceased: { zh: '死亡', en: 'Deceased' },
  unreachable: { zh: '失联', en: 'Unreachable' },
};

export function isCloseReason(v: unknown): v is CloseReason {
  return typeof v === 'string' && (CLOSE_REASONS as readonly string[]).includes(v);
}

export function zeroCounts(): OutcomeCounts {
  return { unchanged: 0, category_up: 0, category_down: 0, exit_proposed: 0, stale: 0, worse: 0 };
}

export function addCounts(a: OutcomeCounts, b: Partial<OutcomeCounts>): OutcomeCounts {
  const out = { ...a };
  for (const o of OUTCOMES) out[o] += Number(b[o] ?? 0);
  return out;
}

const CST_OFFSET_MS = 8 * 3600 * 1000;

/** The quarter ("2026Q4") an instant falls in, in China Standard Time. */
export function quarterOf(ms: number): string {
  const d = new Date(ms + CST_OFFSET_MS);
  return `${d.getUTCFullYear()}Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

export const QUARTER_PATTERN = /^(\d{4})Q([1-4])$/;

/** The same day `months` later (clamped to the month's last day), same time of day (UTC arithmetic). */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

const MONTH_NAMES = [
  'JANUARY',
  'FEBRUARY',
  'MARCH',
  'APRIL',
  'MAY',
  'JUNE',
  'JULY',
  'AUGUST',
  'SEPTEMBER',
  'OCTOBER',
  'NOVEMBER',
  'DECEMBER',
] as const;
export type MonthName = (typeof MONTH_NAMES)[number];

export function monthName(m: number): MonthName {
  return MONTH_NAMES[m - 1]!;
}
