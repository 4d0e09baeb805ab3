/**
 * Interest-free aid loans (无息借款): default policy, validation, instalment schedules, payment
 * allocation (oldest first), overdue days, aging buckets and the chronic-borrower rule. Loan stage
 * routing is in routing.ts.
 *
 * Pure and deterministic (imported by workflow code): no I/O, no Node built-ins, no wall clock.
 * Money is integer fen; dates are China calendar dates as 'YYYY-MM-DD' strings.
 */
import type { FourEyesExclusion } from './four-eyes';
import { isFen } from './money';
import type { LoanLadderAction, LoanLadderStep, LoanPolicy, LoanRoutingRule, StageDef } from './policy-types';
import { ROLES, isRole, type Role } from './roles';

export const LOAN_LADDER_ACTIONS: readonly LoanLadderAction[] = ['notice', 'visit', 'escalate', 'default'];

/** Default loan policy (part of policy version 1 and added to older versions by migration). */
export const DEFAULT_LOAN_POLICY: LoanPolicy = {
  minAmountFen: 50_000,
  maxAmountFen: 2_000_000,
  minTermMonths: 1,
  maxTermMonths: 24,
  instalmentFrequency: 'monthly',
  graceDays: 3,
  reminderOffsetsDays: [7, 1],
  overdueLadder: [
    { afterDays: 1, action: 'notice', role: null },
    { afterDays: 15, action: 'visit', role: 'caseworker' },
    { afterDays: 30, action: 'escalate', role: 'union_chair' },
    { afterDays: 90, action: 'default', role: null },
  ],
  chronicWindowMonths: 24,
  chronicOverrideRole: 'union_chair',
  routing: [
    { upToFen: 500_000, stages: ['grassroots', 'union'] },
    { upToFen: null, stages: ['grassroots', 'union', 'leader'] },
  ],
  rescheduleStages: ['union'],
  writeOffStages: ['union', 'leader'],
};

// ---------------------------------------------------------------------------------------------
// Validation (called from validatePolicy; errors use the same {field, rule, message} shape)
// ---------------------------------------------------------------------------------------------

export interface LoanPolicyError {
  field: string;
  rule: string;
  message: string;
}

const LOAN_KEYS = [
  'minAmountFen',
  'maxAmountFen',
  'minTermMonths',
  'maxTermMonths',
  'instalmentFrequency',
  'graceDays',
  'reminderOffsetsDays',
  'overdueLadder',
  'chronicWindowMonths',
  'chronicOverrideRole',
  'routing',
  'rescheduleStages',
  'writeOffStages',
];
const STEP_KEYS = ['afterDays', 'action', 'role'];
const RULE_KEYS = ['upToFen', 'stages'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates policy.loan; returns the checked copy or the errors (fields prefixed with "loan."). */
export function validateLoanPolicy(
  value: unknown,
  stageCodes: ReadonlySet<string>,
): { ok: true; data: LoanPolicy } | { ok: false; errors: LoanPolicyError[] } {
  const errors: LoanPolicyError[] = [];
  const add = (field: string, rule: string, message: string): undefined => {
    errors.push({ field, rule, message });
    return undefined;
  };
  if (value === undefined)
    return { ok: false, errors: [{ field: 'loan', rule: 'required', message: 'loan is required' }] };
  if (!isObj(value))
    return { ok: false, errors: [{ field: 'loan', rule: 'type', message: 'loan must be an object' }] };
  for (const k of Object.keys(value))
    if (!LOAN_KEYS.includes(k)) add(`loan.${k}`, 'unknown_field', `unknown field loan.${k}`);

  const int = (obj: Obj, key: string, path: string, min: number, max: number): number | undefined => {
    const field = `${path}.${key}`;
    const v = obj[key];
    if (v === undefined) return add(field, 'required', `${field} is required`);
    if (typeof v !== 'number') return add(field, 'type', `${field} must be a number`);
    if (!Number.isSafeInteger(v)) return add(field, 'integer', `${field} must be a whole number`);
    if (v < min || v > max) return add(field, 'range', `${field} must be from ${min} to ${max}, got ${v}`);
    return v;
  };
  const fen = (obj: Obj, key: string, path: string, nullable: boolean): number | null | undefined => {
    const field = `${path}.${key}`;
    const v = obj[key];
    if (v === undefined) return add(field, 'required', `${field} is required`);
    if (v === null && nullable) return null;
    if (!isFen(v) || v <= 0)
      return add(
        field,
        'positive_fen',
        `${field} must be a whole number of fen > 0${nullable ? ' or null' : ''}`,
      );
    return v;
  };
  const role = (obj: Obj, key: string, path: string, nullable: boolean): Role | null | undefined => {
    const field = `${path}.${key}`;
    const v = obj[key];
    if (v === undefined) return add(field, 'required', `${field} is required`);
    if (v === null && nullable) return null;
    if (!isRole(v))
      return add(
        field,
        'unknown_role',
        `${field} must be one of ${ROLES.join(', ')}${nullable ? ' or null' : ''}`,
      );
    return v;
  };
  const stages = (obj: Obj, key: string, path: string): string[] | undefined => {
    const field = `${path}.${key}`;
    const v = obj[key];
    if (v === undefined) return add(field, 'required', `${field} is required`);
    if (!Array.isArray(v)) return add(field, 'type', `${field} must be a list`);
    if (v.length === 0) return add(field, 'non_empty', `${field} must not be empty`);
    const seen = new Set<string>();
    let ok = true;
    v.forEach((s, i) => {
      if (typeof s !== 'string' || !stageCodes.has(s)) {
        ok = false;
        add(
          `${field}[${i}]`,
          'unknown_stage',
          `${field}[${i}] refers to undefined stage ${JSON.stringify(s)}`,
        );
      } else if (seen.has(s)) {
        ok = false;
        add(`${field}[${i}]`, 'unique', `stage "${s}" appears more than once`);
      } else seen.add(s);
    });
    return ok ? (v as string[]) : undefined;
  };

  const minAmountFen = fen(value, 'minAmountFen', 'loan', false) as number | undefined;
  let maxAmountFen = fen(value, 'maxAmountFen', 'loan', false) as number | undefined;
  if (minAmountFen !== undefined && maxAmountFen !== undefined && minAmountFen > maxAmountFen)
    maxAmountFen = add(
      'loan.maxAmountFen',
      'min_le_max',
      `loan.maxAmountFen (${maxAmountFen}) must not be less than minAmountFen (${minAmountFen})`,
    );
  const minTermMonths = int(value, 'minTermMonths', 'loan', 1, 120);
  let maxTermMonths = int(value, 'maxTermMonths', 'loan', 1, 120);
  if (minTermMonths !== undefined && maxTermMonths !== undefined && minTermMonths > maxTermMonths)
    maxTermMonths = add(
      'loan.maxTermMonths',
      'min_le_max',
      `loan.maxTermMonths (${maxTermMonths}) must not be less than minTermMonths (${minTermMonths})`,
    );
  let instalmentFrequency: 'monthly' | undefined;
  if (value.instalmentFrequency === undefined)
    add('loan.instalmentFrequency', 'required', 'loan.instalmentFrequency is required');
  else if (value.instalmentFrequency !== 'monthly')
    add('loan.instalmentFrequency', 'one_of', 'loan.instalmentFrequency must be "monthly"');
  else instalmentFrequency = 'monthly';
  const graceDays = int(value, 'graceDays', 'loan', 0, 60);

  let reminderOffsetsDays: number[] | undefined;
  const ro = value.reminderOffsetsDays;
  if (ro === undefined) add('loan.reminderOffsetsDays', 'required', 'loan.reminderOffsetsDays is required');
  else if (!Array.isArray(ro))
    add('loan.reminderOffsetsDays', 'type', 'loan.reminderOffsetsDays must be a list');
  else {
    const bad = ro.findIndex((d) => !Number.isSafeInteger(d) || (d as number) < 1 || (d as number) > 28);
    if (bad >= 0)
      add(
        `loan.reminderOffsetsDays[${bad}]`,
        'range',
        `loan.reminderOffsetsDays[${bad}] must be a whole number of days from 1 to 28`,
      );
    else if (new Set(ro).size !== ro.length)
      add('loan.reminderOffsetsDays', 'unique', 'loan.reminderOffsetsDays must not repeat a day');
    else reminderOffsetsDays = [...(ro as number[])].sort((a, b) => b - a);
  }

  let overdueLadder: LoanLadderStep[] | undefined;
  const ladder = value.overdueLadder;
  if (ladder === undefined) add('loan.overdueLadder', 'required', 'loan.overdueLadder is required');
  else if (!Array.isArray(ladder) || ladder.length === 0)
    add('loan.overdueLadder', 'non_empty', 'loan.overdueLadder must be a non-empty list');
  else {
    const steps: Array<LoanLadderStep | undefined> = ladder.map((raw, i) => {
      const path = `loan.overdueLadder[${i}]`;
      if (!isObj(raw)) return add(path, 'type', `${path} must be an object`);
      for (const k of Object.keys(raw))
        if (!STEP_KEYS.includes(k)) add(`${path}.${k}`, 'unknown_field', `unknown field ${path}.${k}`);
      const afterDays = int(raw, 'afterDays', path, 1, 3650);
      let action: LoanLadderAction | undefined;
      if (!(LOAN_LADDER_ACTIONS as readonly unknown[]).includes(raw.action))
        add(`${path}.action`, 'one_of', `${path}.action must be one of ${LOAN_LADDER_ACTIONS.join(', ')}`);
      else action = raw.action as LoanLadderAction;
      const needsRole = action === 'visit' || action === 'escalate';
      let r = role(raw, 'role', path, !needsRole);
      if (!needsRole && r !== null && r !== undefined)
        r = add(`${path}.role`, 'must_be_null', `${path}.role must be null for a ${String(action)} step`);
      if (afterDays === undefined || action === undefined || r === undefined) return undefined;
      return { afterDays, action, role: r };
    });
    if (steps.every((s) => s !== undefined)) {
      const list = steps as LoanLadderStep[];
      list.forEach((s, i) => {
        if (i > 0 && s.afterDays <= list[i - 1]!.afterDays)
          add(
            `loan.overdueLadder[${i}].afterDays`,
            'ascending',
            'loan.overdueLadder steps must have strictly ascending afterDays',
          );
      });
      const d = list.findIndex((s) => s.action === 'default');
      if (d !== list.length - 1)
        add(
          'loan.overdueLadder',
          'ends_with_default',
          'loan.overdueLadder must end with exactly one "default" step (and have none before it)',
        );
      overdueLadder = list;
    }
  }
  const chronicWindowMonths = int(value, 'chronicWindowMonths', 'loan', 0, 120);
  const chronicOverrideRole = role(value, 'chronicOverrideRole', 'loan', false) as Role | undefined;

  let routing: LoanRoutingRule[] | undefined;
  const rr = value.routing;
  if (rr === undefined) add('loan.routing', 'required', 'loan.routing is required');
  else if (!Array.isArray(rr) || rr.length === 0)
    add('loan.routing', 'non_empty', 'loan.routing must be a non-empty list');
  else {
    const rules = rr.map((raw, i): LoanRoutingRule | undefined => {
      const path = `loan.routing[${i}]`;
      if (!isObj(raw)) return add(path, 'type', `${path} must be an object`);
      for (const k of Object.keys(raw))
        if (!RULE_KEYS.includes(k)) add(`${path}.${k}`, 'unknown_field', `unknown field ${path}.${k}`);
      const upToFen = fen(raw, 'upToFen', path, true);
      const st = stages(raw, 'stages', path);
      if (upToFen === undefined || st === undefined) return undefined;
      return { upToFen, stages: st };
    });
    const last = rr[rr.length - 1];
    if (!isObj(last) || last.upToFen !== null)
      add('loan.routing', 'catch_all_required', 'loan.routing must end with a catch-all rule (upToFen null)');
    rr.slice(0, -1).forEach((r, i) => {
      if (isObj(r) && r.upToFen === null)
        add(
          `loan.routing[${i + 1}]`,
          'unreachable_rule',
          `loan.routing[${i + 1}] comes after a catch-all rule and never applies`,
        );
    });
    if (rules.every((r) => r !== undefined)) routing = rules as LoanRoutingRule[];
  }
  const rescheduleStages = stages(value, 'rescheduleStages', 'loan');
  const writeOffStages = stages(value, 'writeOffStages', 'loan');

  if (
    errors.length > 0 ||
    minAmountFen === undefined ||
    maxAmountFen === undefined ||
    minTermMonths === undefined ||
    maxTermMonths === undefined ||
    !instalmentFrequency ||
    graceDays === undefined ||
    !reminderOffsetsDays ||
    !overdueLadder ||
    chronicWindowMonths === undefined ||
    !chronicOverrideRole ||
    !routing ||
    !rescheduleStages ||
    !writeOffStages
  ) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    data: {
      minAmountFen,
      maxAmountFen,
      minTermMonths,
      maxTermMonths,
      instalmentFrequency,
      graceDays,
      reminderOffsetsDays,
      overdueLadder,
      chronicWindowMonths,
      chronicOverrideRole,
      routing,
      rescheduleStages,
      writeOffStages,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Dates (China calendar dates, 'YYYY-MM-DD')
// ---------------------------------------------------------------------------------------------

const DAY_MS = 24 * 60 * 60 * 1000;
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

function parseDate(date: string): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

function fmt(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** The same day-of-month `months` later, clamped to the month's last day (Jan 31 + 1 → Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const { y, m, d } = parseDate(date);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  return fmt(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addDays(date: string, days: number): string {
  const { y, m, d } = parseDate(date);
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: string, b: string): number {
  const pa = parseDate(a);
  const pb = parseDate(b);
  return Math.round((Date.UTC(pb.y, pb.m - 1, pb.d) - Date.UTC(pa.y, pa.m - 1, pa.d)) / DAY_MS);
}

/** The China calendar date of an instant. */
export function chinaDateOf(ms: number): string {
  const t = new Date(ms + CHINA_OFFSET_MS);
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The instant a China calendar date starts (00:00 Asia/Shanghai) plus `hours`. */
export function chinaInstant(date: string, hours = 0): number {
  const { y, m, d } = parseDate(date);
  return Date.UTC(y, m - 1, d) - CHINA_OFFSET_MS + hours * 60 * 60 * 1000;
}

// ---------------------------------------------------------------------------------------------
// Schedules and payments
// ---------------------------------------------------------------------------------------------

export interface Instalment {
  seq: number;
  dueDate: string;
  amountFen: number;
}

/**
 * Equal monthly instalments of `principalFen` over `termMonths`, due monthly from `startDate`
 * (first one month after it); the last absorbs the remainder so the sum is exact.
 */
export function buildSchedule(principalFen: number, termMonths: number, startDate: string): Instalment[] {
  if (!isFen(principalFen) || principalFen <= 0)
    throw new RangeError(`principal must be fen > 0, got ${principalFen}`);
  if (!Number.isSafeInteger(termMonths) || termMonths < 1)
    throw new RangeError(`term must be ≥ 1 month, got ${termMonths}`);
  if (principalFen < termMonths)
    throw new RangeError(`principal ${principalFen} fen cannot be split into ${termMonths} instalments`);
  const base = Math.floor(principalFen / termMonths);
  const out: Instalment[] = [];
  for (let i = 1; i <= termMonths; i++) {
    out.push({
      seq: i,
      dueDate: addMonths(startDate, i),
      amountFen: i === termMonths ? principalFen - base * (termMonths - 1) : base,
    });
  }
  return out;
}

export type InstalmentStatus = 'paid' | 'partial' | 'due' | 'overdue';

export interface InstalmentState extends Instalment {
  paidFen: number;
  status: InstalmentStatus;
  /** Days past due + grace (0 when not overdue). */
  daysOverdue: number;
}

/**
 * Applies `paidFen` (everything repaid against this schedule) to the instalments oldest first and
 * labels each one as of `asOf`.
 */
export function allocatePayments(
  schedule: Instalment[],
  paidFen: number,
  asOf: string,
  graceDays: number,
): InstalmentState[] {
  let left = paidFen;
  return schedule.map((i) => {
    const paid = Math.min(left, i.amountFen);
    left -= paid;
    const overdueDays = daysBetween(addDays(i.dueDate, graceDays), asOf);
    const status: InstalmentStatus =
      paid === i.amountFen ? 'paid' : overdueDays > 0 ? 'overdue' : paid > 0 ? 'partial' : 'due';
    return { ...i, paidFen: paid, status, daysOverdue: status === 'overdue' ? overdueDays : 0 };
  });
}

export type AgingBucket = 'current' | '1-30' | '31-60' | '61-90' | '90+';
export const AGING_BUCKETS: readonly AgingBucket[] = ['current', '1-30', '31-60', '61-90', '90+'];
export const AGING_LABELS: Record<AgingBucket, { zh: string; en: string }> = {
  current: { zh: '未逾期', en: 'Current' },
  '1-30': { zh: '逾期1–30天', en: '1–30 days overdue' },
  '31-60': { zh: '逾期31–60天', en: '31–60 days overdue' },
  '61-90': { zh: '逾期61–90天', en: '61–90 days overdue' },
  '90+': { zh: '逾期90天以上', en: 'Over 90 days overdue' },
};

export function agingBucket(daysOverdue: number): AgingBucket {
  if (daysOverdue <= 0) return 'current';
  if (daysOverdue <= 30) return '1-30';
  if (daysOverdue <= 60) return '31-60';
  if (daysOverdue <= 90) return '61-90';
  return '90+';
}

/** Loan statuses with their labels. */
export const LOAN_STATUSES = [
  'pending_approval',
  'awaiting_funds',
  'awaiting_disbursement',
  'active',
  'overdue',
  'defaulted',
  'repaid',
  'written_off',
  'rejected',
] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];
export const LOAN_STATUS_LABELS: Record<LoanStatus, { zh: string; en: string }> = {
  pending_approval: { zh: '审批中', en: 'Pending approval' },
  awaiting_funds: { zh: '待筹资金', en: 'Awaiting funds' },
  awaiting_disbursement: { zh: '待放款', en: 'Awaiting disbursement' },
  active: { zh: '还款中', en: 'Repaying' },
  overdue: { zh: '逾期', en: 'Overdue' },
  defaulted: { zh: '违约', en: 'Defaulted' },
  repaid: { zh: '已结清', en: 'Repaid' },
  written_off: { zh: '已核销', en: 'Written off' },
  rejected: { zh: '未批准', en: 'Rejected' },
};
/** Statuses in which money is out with the borrower. */
export const OUTSTANDING_LOAN_STATUSES: readonly LoanStatus[] = ['active', 'overdue', 'defaulted'];

export interface ChronicBorrowerFacts {
  /** Loans of the worker with an instalment overdue as of now. */
  overdueLoans: Array<{ loanId: string; loanNo: string }>;
  /** Loans defaulted or written off, with the date that happened. */
  badLoans: Array<{ loanId: string; loanNo: string; status: 'defaulted' | 'written_off'; on: string }>;
}

/** Chronic-borrower gate: the loan that blocks a new one, or null. */
export function chronicBorrowerBlock(
  facts: ChronicBorrowerFacts,
  today: string,
  windowMonths: number,
): {
  loanId: string;
  loanNo: string;
  reason: 'overdue' | 'defaulted' | 'written_off';
  message: string;
} | null {
  const overdue = facts.overdueLoans[0];
  if (overdue)
    return {
      loanId: overdue.loanId,
      loanNo: overdue.loanNo,
      reason: 'overdue',
      message: `loan ${overdue.loanNo} has an overdue instalment (有逾期未还的借款)`,
    };
  const since = addMonths(today, -windowMonths);
  const bad = facts.badLoans.find((b) => b.on >= since);
  if (bad)
    return {
      loanId: bad.loanId,
      loanNo: bad.loanNo,
      reason: bad.status,
      message: `loan ${bad.loanNo} was ${bad.status === 'defaulted' ? 'defaulted' : 'written off'} on ${bad.on}, within the last ${windowMonths} months (近期有违约或核销借款)`,
    };
  return null;
}

// ---------------------------------------------------------------------------------------------
// What the loan workflow receives from its activities (ids and figures, no personal data)
// ---------------------------------------------------------------------------------------------

export interface LoanPlan {
  loanNo: string;
  policyVersion: number;
  stages: StageDef[];
  rescheduleStages: StageDef[];
  writeOffStages: StageDef[];
  excluded: FourEyesExclusion[];
}

/** What the loan workflow decides on: the schedule in force and what the ledger says was paid. */
export interface LoanSnapshot {
  status: LoanStatus;
  scheduleVersion: number;
  schedule: Instalment[];
  /** Repaid against the schedule in force (the ledger's repayments since that schedule began). */
  paidOnScheduleFen: number;
  outstandingFen: number;
  graceDays: number;
  reminderOffsetsDays: number[];
  ladder: LoanLadderStep[];
}
