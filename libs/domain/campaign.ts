/**
 * Holiday campaigns (节日送温暖): the plan's rules (what a valid plan is, the standard a household
 * receives) and the campaign's clock (reminders before the delivery deadline, escalation after it).
 *
 * Pure and deterministic: imported by Temporal workflow code (no I/O, no Node built-ins).
 */
import type { CampaignPolicy } from './campaign-policy';
import { HARDSHIP_CATEGORY_CODES } from './category';
import { addDays, chinaInstant } from './loan';
import type { ProgramPolicy } from './policy-types';

/** Who a household qualifies as: its file's category, or named by its unit. */
export type CampaignCategory = 'deep' | 'relative' | 'accident' | 'named';
export const CAMPAIGN_CATEGORIES: readonly CampaignCategory[] = [...HARDSHIP_CATEGORY_CODES, 'named'];

export const CAMPAIGN_OCCASIONS = [
  'new_year',
  'spring_festival',
  'labour_day',
  'national_day',
  'mid_autumn',
  'summer',
] as const;
export type CampaignOccasion = (typeof CAMPAIGN_OCCASIONS)[number];

export interface CampaignStandard {
  category: CampaignCategory;
  /** Cash per household in fen (0 = goods only). */
  cashFen: number;
  /** Goods per household (e.g. "米面油一份"), or null for cash only. */
  goods: string | null;
}

export interface CampaignPlanInput {
  code: string;
  occasion: string;
  periodStart: string;
  periodEnd: string;
  deliveryDeadline: string;
  /** File categories that qualify (active files only). */
  categories: string[];
  standards: CampaignStandard[];
  fundSource: string;
  budgetFen: number;
  quotas: Array<{ orgUnitId: string; maxHouseholds: number }>;
}

export interface PlanProblem {
  field: string;
  rule: string;
  message: string;
  params?: Record<string, string | number>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** `campaign:<code>`: a year and a name, e.g. 2027-spring. */
export const CAMPAIGN_CODE = /^\d{4}-[a-z0-9][a-z0-9-]{0,40}$/;

/** What is wrong with a campaign plan (empty when it may go to approval). */
export function checkCampaignPlan(plan: CampaignPlanInput, program: ProgramPolicy): PlanProblem[] {
  const out: PlanProblem[] = [];
  if (!CAMPAIGN_CODE.test(plan.code))
    out.push({ field: 'code', rule: 'format', message: 'code must be a year and a name, like 2027-spring' });
  if (!(CAMPAIGN_OCCASIONS as readonly string[]).includes(plan.occasion))
    out.push({
      field: 'occasion',
      rule: 'one_of',
      message: `occasion must be one of ${CAMPAIGN_OCCASIONS.join(', ')}`,
    });
  for (const f of ['periodStart', 'periodEnd', 'deliveryDeadline'] as const) {
    if (!DATE.test(plan[f])) out.push({ field: f, rule: 'date', message: `${f} must be a date YYYY-MM-DD` });
  }
  if (out.length === 0) {
    if (plan.periodEnd < plan.periodStart)
      out.push({
        field: 'periodEnd',
        rule: 'after_start',
        message: 'periodEnd must not be before periodStart',
      });
    if (plan.deliveryDeadline < plan.periodStart || plan.deliveryDeadline > plan.periodEnd)
      out.push({
        field: 'deliveryDeadline',
        rule: 'within_period',
        message: 'the delivery deadline must lie within the period',
        params: { periodStart: plan.periodStart, periodEnd: plan.periodEnd },
      });
  }
  plan.categories.forEach((c, i) => {
    if (!(HARDSHIP_CATEGORY_CODES as readonly string[]).includes(c))
      out.push({
        field: `categories[${i}]`,
        rule: 'one_of',
        message: `category must be one of ${HARDSHIP_CATEGORY_CODES.join(', ')}`,
      });
  });
  const needed = new Set<string>([...plan.categories, 'named']);
  const seen = new Set<string>();
  plan.standards.forEach((s, i) => {
    if (!(CAMPAIGN_CATEGORIES as readonly string[]).includes(s.category))
      out.push({
        field: `standards[${i}].category`,
        rule: 'one_of',
        message: `category must be one of ${CAMPAIGN_CATEGORIES.join(', ')}`,
      });
    if (seen.has(s.category))
      out.push({
        field: `standards[${i}].category`,
        rule: 'unique',
        message: `a second standard for ${s.category}`,
      });
    seen.add(s.category);
    if (!Number.isSafeInteger(s.cashFen) || s.cashFen < 0)
      out.push({
        field: `standards[${i}].cashFen`,
        rule: 'fen',
        message: 'cashFen must be a whole number of fen ≥ 0',
      });
    else if (s.cashFen > 0 && (s.cashFen < program.minAmountFen || s.cashFen > program.maxAmountFen))
      out.push({
        field: `standards[${i}].cashFen`,
        rule: 'amount_in_program_range',
        message: `cash per household must lie within the program's range`,
        params: { minAmountFen: program.minAmountFen, maxAmountFen: program.maxAmountFen },
      });
    if (s.cashFen === 0 && !s.goods?.trim())
      out.push({
        field: `standards[${i}]`,
        rule: 'cash_or_goods',
        message: 'a standard gives cash, goods or both',
      });
  });
  for (const c of needed) {
    if (c !== 'named' && !seen.has(c))
      out.push({
        field: 'standards',
        rule: 'standard_per_category',
        message: `no standard for category ${c}`,
        params: { category: c },
      });
  }
  if (!Number.isSafeInteger(plan.budgetFen) || plan.budgetFen <= 0)
    out.push({
      field: 'budgetFen',
      rule: 'positive_fen',
      message: 'budgetFen must be a whole number of fen > 0',
    });
  plan.quotas.forEach((q, i) => {
    if (!Number.isSafeInteger(q.maxHouseholds) || q.maxHouseholds < 0)
      out.push({
        field: `quotas[${i}].maxHouseholds`,
        rule: 'integer',
        message: 'maxHouseholds must be a whole number ≥ 0',
      });
  });
  return out;
}

/** The standard for a household of this category (named households use 'named', else their file's). */
export function standardFor(
  standards: readonly CampaignStandard[],
  category: CampaignCategory,
): CampaignStandard | null {
  return standards.find((s) => s.category === category) ?? null;
}

export interface CampaignClock {
  /** Reminder instants (ms), earliest first, with the days before the deadline each stands for. */
  reminders: Array<{ daysBefore: number; atMs: number }>;
  /** The deadline's end: 00:00 China time the day after the delivery deadline. */
  deadlineEndMs: number;
  /** When undelivered households are escalated. */
  escalateAtMs: number;
}

/** Reminders at 09:00 China time N days before the deadline; escalation `escalationGraceDays` after its end. */
export function campaignClock(deliveryDeadline: string, policy: CampaignPolicy): CampaignClock {
  const deadlineEndMs = chinaInstant(addDays(deliveryDeadline, 1));
  return {
    reminders: [...policy.reminderDaysBefore]
      .sort((a, b) => b - a)
      .map((d) => ({ daysBefore: d, atMs: chinaInstant(addDays(deliveryDeadline, -d), 9) })),
    deadlineEndMs,
    escalateAtMs: deadlineEndMs + policy.escalationGraceDays * 24 * 60 * 60 * 1000,
  };
}
