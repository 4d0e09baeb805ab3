/**
 * Official China holiday arrangements (国务院办公厅 notices) as calendar exceptions, from the npm package
 * `chinese-days`.
 *
 * The data is read from the JSON the package ships (`chinese-days/dist/chinese-days.json`: date → "English
 * name,中文名,n" for `holidays` and for make-up `workdays`). That JSON is exactly what the package's own
 * functions (getDayDetail, isWorkday, getHolidaysInRange, …) look up, but those functions parse
 * `YYYY-MM-DD` as UTC midnight and then read the date back with the *local* accessors, so in a process time
 * zone west of UTC they answer for the previous day. Reading the JSON keys directly keeps the seed independent
 * of the process time zone.
 *
 * Coverage: the package only knows the years the State Council has published (chinese-days 1.5.7: 2004–2026).
 * For a year without data {@link chinaCalendarExceptions} returns nothing — it never guesses holidays — so the
 * working-day calendar falls back to plain Monday–Friday for that year. Use {@link chineseDaysYears} to
 * detect (and warn about) missing years, and upgrade the package when the next year's notice is out.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import chineseDaysPackage from 'chinese-days/package.json';
import type { CalendarException } from '../domain/calendar';

/** Where the exceptions come from, recorded with the seeded rows. */
export const CALENDAR_SOURCE = `chinese-days@${chineseDaysPackage.version}`;

interface ChineseDaysData {
  /** Days off (weekdays and weekends of a holiday period). */
  holidays: Readonly<Record<string, string>>;
  /** Make-up working days (调休上班), normally on a weekend. */
  workdays: Readonly<Record<string, string>>;
}

const DATA: ChineseDaysData = chineseDaysData;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The years (ascending) for which the installed chinese-days has an official arrangement. */
export function chineseDaysYears(): number[] {
  const years = new Set<number>();
  for (const date of Object.keys(DATA.holidays)) years.add(Number(date.slice(0, 4)));
  return [...years].sort((a, b) => a - b);
}

/** "National Day,国庆节,3" → "国庆节"; undefined when the entry has no usable name. */
function chineseName(entry: string | undefined): string | undefined {
  if (!entry) return undefined;
  const parts = entry.split(',').map((p) => p.trim());
  const name = parts.length >= 2 ? parts[1] : parts[0];
  return name ? name : undefined;
}

function isWeekend(date: string): boolean {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`chinese-days data has a malformed date: ${date}`);
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return day === 0 || day === 6;
}

/**
 * The calendar exceptions for the given years, sorted by date: official holidays that fall on a weekday
 * (`isWorkday: false`) and make-up working days on a weekend (`isWorkday: true`), each with the Chinese
 * holiday name. Holidays on a weekend and ordinary days are not listed (the week rule already covers them).
 * Years the package has no data for contribute nothing.
 */
export function chinaCalendarExceptions(years: number[]): CalendarException[] {
  for (const y of years) {
    if (!Number.isSafeInteger(y)) throw new RangeError(`year must be a whole number, got ${y}`);
  }
  const wanted = new Set(years.map((y) => String(y).padStart(4, '0')));
  const out: CalendarException[] = [];
  for (const [date, entry] of Object.entries(DATA.holidays)) {
    if (!wanted.has(date.slice(0, 4)) || isWeekend(date) || date in DATA.workdays) continue;
    out.push(withName({ date, isWorkday: false }, chineseName(entry)));
  }
  for (const [date, entry] of Object.entries(DATA.workdays)) {
    if (!wanted.has(date.slice(0, 4)) || !isWeekend(date)) continue;
    out.push(withName({ date, isWorkday: true }, chineseName(entry)));
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function withName(ex: CalendarException, name: string | undefined): CalendarException {
  return name === undefined ? ex : { ...ex, name };
}
