/**
 * Help plans (帮扶计划, "一人一策"): the measures suggested for a file from its causes of hardship,
 * the outcomes a measure can record, and when a measure is overdue.
 *
 * Pure and deterministic (no I/O).
 */
import { addDays } from './loan';
import {
  HARDSHIP_CAUSES,
  type HardshipCause,
  type HelpPlanPolicy,
  type MeasureType,
} from './help-plan-policy';

export interface MeasureSuggestion {
  /** The cause the measure answers (the first cause that suggested its type). */
  cause: HardshipCause;
  type: MeasureType;
  /** China date, YYYY-MM-DD. */
  dueOn: string;
  target: string;
}

/**
 * The measures policy suggests for a file's causes, made on `today` (a China date): the causes'
 * suggestions in the order the causes are listed, one measure per type (a type two causes suggest
 * is kept once, for the first cause, with the earliest due date). Unknown causes suggest nothing.
 */
export function suggestMeasures(
  causes: readonly string[],
  policy: HelpPlanPolicy,
  today: string,
): MeasureSuggestion[] {
  const out: MeasureSuggestion[] = [];
  for (const cause of causes) {
    if (!(HARDSHIP_CAUSES as readonly string[]).includes(cause)) continue;
    for (const s of policy.suggestedMeasures[cause as HardshipCause]) {
      const dueOn = addDays(today, s.dueDays);
      const same = out.find((m) => m.type === s.type);
      if (same) {
        if (dueOn < same.dueOn) same.dueOn = dueOn;
        continue;
      }
      out.push({ cause: cause as HardshipCause, type: s.type, dueOn, target: s.targetZh });
    }
  }
  return out;
}

/** Outcomes a measure of a type records: employment and schooling name what the evaluation counts. */
export function measureOutcomes(type: string): readonly string[] {
  if (type === 'employment' || type === 'job_referral') return ['job_found', 'no_job'];
  if (type === 'schooling' || type === 'tuition') return ['kept_in_school', 'left_school'];
  return ['achieved', 'not_achieved'];
}

/** The measure statuses: planned → in_progress → done (an outcome recorded) or dropped. */
export const MEASURE_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** A measure is overdue on `asOf` (China date) when still open after its due date. */
export function isMeasureOverdue(m: { status: string; dueOn: string | null }, asOf: string): boolean {
  return (m.status === 'planned' || m.status === 'in_progress') && m.dueOn !== null && m.dueOn < asOf;
}

/** The same test in SQL for a row alias with `status` and `due_on` (date) and an SQL date `asOf`. */
export function measureOverdueSql(alias: string, asOf: string): string {
  return `(${alias}.status IN ('planned','in_progress') AND ${alias}.due_on IS NOT NULL AND ${alias}.due_on < ${asOf})`;
}
