/**
 * Policy section `pairing` (结对帮扶): visit intervals by hardship category, reminder and escalation
 * days — type, defaults and validation. Pure; imports nothing of the domain but the checker, so the
 * policy types can name it without an import circle.
 */
import { Checker } from './policy/checker';

/** The hardship categories (the same codes as HARDSHIP_CATEGORY_CODES in category.ts; a test checks it). */
export const PAIRING_CATEGORIES = ['deep', 'relative', 'accident'] as const;
export type PairingCategory = (typeof PAIRING_CATEGORIES)[number];

/** Policy section `pairing`: visit intervals by category, reminder and escalation figures. */
export interface PairingPolicy {
  /** Days between two visits by the household's hardship category (deep monthly, others quarterly). */
  visitIntervalDays: Record<PairingCategory, number>;
  /** The leader is reminded this many days before a visit is due (09:00 China time). */
  reminderDaysBefore: number;
  /** A visit not logged this many days after its due date is escalated to the union chair. */
  escalationGraceDays: number;
}

export const DEFAULT_PAIRING_POLICY: PairingPolicy = {
  visitIntervalDays: { deep: 30, relative: 90, accident: 90 },
  reminderDaysBefore: 3,
  escalationGraceDays: 7,
};

export function checkPairingPolicy(c: Checker, value: unknown): PairingPolicy | undefined {
  const obj = c.object(value, 'pairing', ['visitIntervalDays', 'reminderDaysBefore', 'escalationGraceDays']);
  if (!obj) return undefined;
  const iv = c.object(obj.visitIntervalDays, 'pairing.visitIntervalDays', PAIRING_CATEGORIES);
  let visitIntervalDays: Record<PairingCategory, number> | undefined;
  if (iv) {
    const days = PAIRING_CATEGORIES.map((k) => c.integer(iv, k, 'pairing.visitIntervalDays', 1, 366));
    if (days.every((d) => d !== undefined))
      visitIntervalDays = Object.fromEntries(PAIRING_CATEGORIES.map((k, i) => [k, days[i]!])) as Record<
        PairingCategory,
        number
      >;
  }
  const reminderDaysBefore = c.integer(obj, 'reminderDaysBefore', 'pairing', 0, 60);
  const escalationGraceDays = c.integer(obj, 'escalationGraceDays', 'pairing', 0, 90);
  if (!visitIntervalDays || reminderDaysBefore === undefined || escalationGraceDays === undefined)
    return undefined;
  return { visitIntervalDays, reminderDaysBefore, escalationGraceDays };
}
