/**
 * Public notice (公示): when an aid case needs one, and when a notice ends. A notice runs for the
 * policy's noticeWorkingDays, counted on the China working-day calendar (calendar.ts). The aid-case
 * and hardship-file repositories both start their notices with noticePeriod.
 *
 * Pure and deterministic: imported by Temporal workflow code (no I/O, no Node built-ins, no wall
 * clock: the caller passes the instant the notice is posted).
 */
import { addWorkingDays, chinaDate, endOfChinaDay, type ExceptionMap } from './calendar';
import type { PolicyData, ProgramPolicy } from './policy-types';

/** An aid case of this amount goes through public notice: amountFen ≥ the program's noticeFromFen (null = never). */
export function noticeRequired(program: Pick<ProgramPolicy, 'noticeFromFen'>, amountFen: number): boolean {
  return program.noticeFromFen !== null && amountFen >= program.noticeFromFen;
}

/**
 * End of a public notice (公示): the notice runs for `workingDays` full working days, starting with the
 * first working day after the China date on which it was posted, and ends at 24:00 China time of the last
 * of them. Returns that instant (UTC). A notice posted at 23:30 China time still counts as posted that day.
 */
export function noticePeriodEnd(start: Date, workingDays: number, ex: ExceptionMap): Date {
  if (!Number.isSafeInteger(workingDays) || workingDays < 1) {
    throw new RangeError(`workingDays must be a whole number ≥ 1, got ${workingDays}`);
  }
  return endOfChinaDay(addWorkingDays(chinaDate(start), workingDays, ex));
}

export interface NoticePeriod {
  /** 24:00 China time of the last working day of the notice. */
  endsAt: Date;
  /** How long the workflow waits from `postedAt` (at least 1 ms). */
  durationMs: number;
  /** The policy's notice length in working days. */
  workingDays: number;
}

/** The notice posted at `postedAt` under `policy`: it ends after policy.noticeWorkingDays working days. */
export function noticePeriod(
  policy: Pick<PolicyData, 'noticeWorkingDays'>,
  postedAt: Date,
  calendar: ExceptionMap,
): NoticePeriod {
  const endsAt = noticePeriodEnd(postedAt, policy.noticeWorkingDays, calendar);
  return {
    endsAt,
    durationMs: Math.max(endsAt.getTime() - postedAt.getTime(), 1),
    workingDays: policy.noticeWorkingDays,
  };
}
