/**
 * Deadlines of a human task (approval stage, investigation, recertification, outreach …): due a
 * number of working days after it opens (the policy's stageDueWorkingDays unless the task names its
 * own), reminded when due, and escalated to the next level escalationGraceWorkingDays later.
 * Working days are counted on the China working-day calendar (calendar.ts).
 *
 * Pure and deterministic: imported by Temporal workflow code (no I/O, no Node built-ins, no wall
 * clock: the caller passes the instant the task opens).
 */
import { dueAfterWorkingDays, type ExceptionMap } from './calendar';
import type { PolicyData } from './policy-types';

/** Decisions a human task takes (approve / reject / return on approval stages, done on work tasks). */
export const TASK_DECISIONS = ['approve', 'reject', 'return', 'done'] as const;
export type TaskDecisionCode = (typeof TASK_DECISIONS)[number];

export interface TaskDeadlines {
  /** 24:00 China time of the last working day the task has: the reminder goes out then. */
  dueAt: Date;
  /** When the task is escalated to the next level if still open. */
  escalateAt: Date;
  /** From opening to dueAt (at least 1 ms): how long the workflow waits before reminding. */
  dueInMs: number;
  /** From dueAt to escalateAt (at least 1 ms): how long the workflow then waits before escalating. */
  graceMs: number;
}

/**
 * The deadlines of a task opened at `openedAt`: due `dueWorkingDays` (default: the policy's
 * stageDueWorkingDays) working days later, escalated escalationGraceWorkingDays working days after that.
 */
export function taskDeadlines(
  policy: Pick<PolicyData, 'stageDueWorkingDays' | 'escalationGraceWorkingDays'>,
  openedAt: Date,
  calendar: ExceptionMap,
  dueWorkingDays?: number,
): TaskDeadlines {
  const dueAt = dueAfterWorkingDays(openedAt, dueWorkingDays ?? policy.stageDueWorkingDays, calendar);
  const escalateAt = dueAfterWorkingDays(dueAt, policy.escalationGraceWorkingDays, calendar);
  return {
    dueAt,
    escalateAt,
    dueInMs: Math.max(dueAt.getTime() - openedAt.getTime(), 1),
    graceMs: Math.max(escalateAt.getTime() - dueAt.getTime(), 1),
  };
}
