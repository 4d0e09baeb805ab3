/**
 * China working-day calendar: public notice periods (公示) and task deadlines counted in working days.
 *
 * Pure functions only — this module is imported by Temporal workflow code, so it uses no I/O, no Node
 * built-ins, no wall-clock time and no randomness. Every calendar date is a `YYYY-MM-DD` string in China
 * Standard Time (UTC+8, no DST). Conversions between instants and China dates use a fixed +8h offset and
 * only the UTC accessors of `Date`, so the result never depends on the process time zone.
 */

/**
 * A day that does not follow the normal week: an official holiday on a weekday (`isWorkday: false`) or a
 * make-up working day on a weekend (调休, `isWorkday: true`). Days not listed follow the week:
 * Monday–Friday working, Saturday–Sunday not.
 */
export interface CalendarException {
  /** China date, YYYY-MM-DD. */
  date: string;
  isWorkday: boolean;
  /** e.g. 国庆节 */
  name?: string;
}

/** date (YYYY-MM-DD) → is it a working day. Built with {@link toExceptionMap}. */
export type ExceptionMap = ReadonlyMap<string, boolean>;

/** China Standard Time is UTC+8 all year. */
export const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
/** The longest run of consecutive non-working days we accept before declaring the calendar broken. */
export const MAX_NON_WORKING_RUN_DAYS = 366;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a YYYY-MM-DD China date into whole days since 1970-01-01; throws RangeError when invalid. */
function toDayNumber(date: string): number {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`not a valid calendar date: ${date}`);
  }
  return ms / DAY_MS;
}

function fromDayNumber(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

function assertValidInstant(instant: Date, what: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError(`${what} must be a valid Date`);
  }
}

function assertPositiveCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${what} must be a whole number ≥ 1, got ${n}`);
}

/**
 * Builds the lookup map from a list of exceptions. Dates are validated; the same date listed twice with
 * contradicting `isWorkday` values is an error (the calendar data is inconsistent).
 */
export function toExceptionMap(list: readonly CalendarException[]): ExceptionMap {
  const map = new Map<string, boolean>();
  for (const { date, isWorkday } of list) {
    toDayNumber(date);
    const existing = map.get(date);
    if (existing !== undefined && existing !== isWorkday) {
      throw new RangeError(`calendar exception ${date} is listed both as a working and a non-working day`);
    }
    map.set(date, isWorkday);
  }
  return map;
}

/** The China calendar date (UTC+8) of an instant, as YYYY-MM-DD. */
export function chinaDate(instant: Date): string {
  assertValidInstant(instant, 'instant');
  return new Date(instant.getTime() + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a China date starts: 00:00 China time = 16:00 UTC of the previous day. */
export function startOfChinaDay(date: string): Date {
  return new Date(toDayNumber(date) * DAY_MS - CHINA_UTC_OFFSET_MS);
}

/** The instant a China date ends: 24:00 China time, i.e. 00:00 (UTC+8) of the following day. */
export function endOfChinaDay(date: string): Date {
  return new Date((toDayNumber(date) + 1) * DAY_MS - CHINA_UTC_OFFSET_MS);
}

function isWorkingDayNumber(dayNumber: number, ex: ExceptionMap): boolean {
  const listed = ex.get(fromDayNumber(dayNumber));
  if (listed !== undefined) return listed;
  const wd = weekday(dayNumber);
  return wd >= 1 && wd <= 5;
}

/** Whether a China date is a working day: the exception list first, otherwise Monday–Friday. */
export function isWorkingDay(date: string, ex: ExceptionMap): boolean {
  return isWorkingDayNumber(toDayNumber(date), ex);
}

/** The first working day strictly after `dayNumber`; RangeError after 366 non-working days in a row. */
function nextWorkingDayNumber(dayNumber: number, ex: ExceptionMap): number {
  for (let step = 1; step <= MAX_NON_WORKING_RUN_DAYS; step++) {
    if (isWorkingDayNumber(dayNumber + step, ex)) return dayNumber + step;
  }
  throw new RangeError(
    `no working day within ${MAX_NON_WORKING_RUN_DAYS} days after ${fromDayNumber(dayNumber)}: ` +
      'the working-day calendar has no working days (check the calendar exceptions)',
  );
}

/** The first working day strictly after `date` (the same as `addWorkingDays(date, 1, ex)`). */
export function nextWorkingDay(date: string, ex: ExceptionMap): string {
  return fromDayNumber(nextWorkingDayNumber(toDayNumber(date), ex));
}

/**
 * The nth working day strictly after `date` (n ≥ 1). `date` itself never counts, whether or not it is a
 * working day. Throws RangeError if 366 consecutive days without a working day are met.
 */
export function addWorkingDays(date: string, n: number, ex: ExceptionMap): string {
  assertPositiveCount(n, 'n');
  let day = toDayNumber(date);
  for (let i = 0; i < n; i++) day = nextWorkingDayNumber(day, ex);
  return fromDayNumber(day);
}

/** Number of working days d with fromExclusive < d ≤ toInclusive; 0 when toInclusive ≤ fromExclusive. */
export function workingDaysBetween(fromExclusive: string, toInclusive: string, ex: ExceptionMap): number {
  const from = toDayNumber(fromExclusive);
  const to = toDayNumber(toInclusive);
  let count = 0;
  for (let day = from + 1; day <= to; day++) if (isWorkingDayNumber(day, ex)) count++;
  return count;
}

/**
 * Deadline `workingDays` working days after `start`: 24:00 China time of the nth working day after the
 * China date of `start` (the start day itself never counts). Public notices (notice.ts) end the same way.
 */
export function dueAfterWorkingDays(start: Date, workingDays: number, ex: ExceptionMap): Date {
  assertPositiveCount(workingDays, 'workingDays');
  return endOfChinaDay(addWorkingDays(chinaDate(start), workingDays, ex));
}
