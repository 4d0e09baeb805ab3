/**
 * Pairing (结对帮扶, "爱心2+1"): a leader paired with a hardship household visits it on a schedule
 * by the household's hardship category. This file holds the policy section (`pairing`), the next
 * due date of a visit, the pairing's clock (reminder, escalation) and a pairing's visit state.
 *
 * Pure and deterministic: imported by Temporal workflow code (no I/O, no Node built-ins).
 */
import { HARDSHIP_CATEGORY_CODES } from './category';
import { addDays, chinaInstant, daysBetween } from './loan';
import type { HardshipCategory } from './policy-types';
import type { PairingPolicy } from './pairing-policy';

export { DEFAULT_PAIRING_POLICY, checkPairingPolicy, type PairingPolicy } from './pairing-policy';

/** The ways a pairing leader sees the household (入户走访, 电话, 医院探望). */
export const VISIT_FORMS = ['home', 'phone', 'hospital'] as const;
export type VisitForm = (typeof VISIT_FORMS)[number];

/**
 * Days between visits for a household whose active files have these categories: the shortest
 * interval among them (a deep file makes the household monthly); with no active file, the longest
 * interval in the policy.
 */
export function visitIntervalDays(categories: ReadonlyArray<string | null>, policy: PairingPolicy): number {
  const known = categories.filter((c): c is HardshipCategory =>
    (HARDSHIP_CATEGORY_CODES as readonly string[]).includes(c ?? ''),
  );
  const all = HARDSHIP_CATEGORY_CODES.map((c) => policy.visitIntervalDays[c]);
  return known.length > 0 ? Math.min(...known.map((c) => policy.visitIntervalDays[c])) : Math.max(...all);
}

/**
 * The date the next visit is due: the last logged visit (or, before any, the pairing's start) plus
 * the interval of the household's category. Dates are China calendar dates (YYYY-MM-DD).
 */
export function nextVisitDue(
  p: { startOn: string; lastVisitOn: string | null; categories: ReadonlyArray<string | null> },
  policy: PairingPolicy,
): string {
  const from = p.lastVisitOn && p.lastVisitOn > p.startOn ? p.lastVisitOn : p.startOn;
  return addDays(from, visitIntervalDays(p.categories, policy));
}

export interface PairingClock {
  /** The visit's due date. */
  dueOn: string;
  /** 09:00 China time, reminderDaysBefore days before the due date. */
  remindAtMs: number;
  /** The start of the day after due date + grace days: a visit still missing then is escalated. */
  escalateAtMs: number;
}

/** When the leader is reminded of the visit due on `dueOn`, and when a missed one is escalated. */
export function pairingClock(dueOn: string, policy: PairingPolicy): PairingClock {
  return {
    dueOn,
    remindAtMs: chinaInstant(addDays(dueOn, -policy.reminderDaysBefore), 9),
    escalateAtMs: chinaInstant(addDays(dueOn, policy.escalationGraceDays + 1)),
  };
}

/** The instant a pairing with this end date (inclusive) is over: null for an open-ended one. */
export function pairingEndsAtMs(endOn: string | null): number | null {
  return endOn ? chinaInstant(addDays(endOn, 1)) : null;
}

export type VisitState = 'on_time' | 'due_soon' | 'overdue' | 'escalated';

/**
 * A pairing's state on `today`: on time; due soon (within the reminder days); overdue (past the
 * due date); escalated (past due date + grace days).
 */
export function visitState(dueOn: string, today: string, policy: PairingPolicy): VisitState {
  const late = daysBetween(dueOn, today);
  if (late > policy.escalationGraceDays) return 'escalated';
  if (late > 0) return 'overdue';
  if (-late <= policy.reminderDaysBefore) return 'due_soon';
  return 'on_time';
}
