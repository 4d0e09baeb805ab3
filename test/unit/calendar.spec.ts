import { getDayDetail } from 'chinese-days';
import {
  addWorkingDays,
  chinaDate,
  dueAfterWorkingDays,
  endOfChinaDay,
  isWorkingDay,
  nextWorkingDay,
  startOfChinaDay,
  toExceptionMap,
  workingDaysBetween,
  type CalendarException,
} from '../../libs/domain/calendar';
import { noticePeriodEnd } from '../../libs/domain/notice';
import {
  CALENDAR_SOURCE,
  chinaCalendarExceptions,
  chineseDaysYears,
} from '../../libs/database/calendar-seed';

const none = toExceptionMap([]);
const cn2026 = toExceptionMap(chinaCalendarExceptions([2026]));

/** Day of week (0 = Sunday) of a YYYY-MM-DD date, computed independently of the code under test. */
const dow = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

describe('plain week (no exceptions)', () => {
  test('Monday–Friday work, Saturday–Sunday do not', () => {
    // 2026-03-09 is a Monday
    expect(['09', '10', '11', '12', '13', '14', '15'].map((d) => isWorkingDay(`2026-03-${d}`, none))).toEqual(
      [true, true, true, true, true, false, false],
    );
  });
  test('invalid dates are refused', () => {
    expect(() => isWorkingDay('2026-02-30', none)).toThrow(RangeError);
    expect(() => isWorkingDay('2026-3-9', none)).toThrow(RangeError);
    expect(() => toExceptionMap([{ date: '2026/10/01', isWorkday: false }])).toThrow(RangeError);
  });
  test('contradicting exceptions for one date are refused', () => {
    expect(() =>
      toExceptionMap([
        { date: '2026-10-01', isWorkday: false },
        { date: '2026-10-01', isWorkday: true },
      ]),
    ).toThrow(/both/);
  });
});

describe('2026 National Day golden week (国庆节) from chinese-days', () => {
  test('1–7 October are days off, Sunday 20 September and Saturday 10 October are make-up workdays', () => {
    for (const d of ['01', '02', '03', '04', '05', '06', '07']) {
      expect(isWorkingDay(`2026-10-${d}`, cn2026)).toBe(false);
    }
    expect(dow('2026-09-20')).toBe(0);
    expect(dow('2026-10-10')).toBe(6);
    expect(isWorkingDay('2026-09-20', cn2026)).toBe(true);
    expect(isWorkingDay('2026-10-10', cn2026)).toBe(true);
    expect(isWorkingDay('2026-10-08', cn2026)).toBe(true);
    expect(isWorkingDay('2026-10-11', cn2026)).toBe(false);
    // Mid-Autumn Festival (中秋) 25–27 September: Friday 25 is a weekday holiday
    expect(isWorkingDay('2026-09-25', cn2026)).toBe(false);
  });
  test('the exception list names the weekday holidays and the make-up days', () => {
    const list = chinaCalendarExceptions([2026]).filter(
      (e) => e.date >= '2026-09-01' && e.date < '2026-11-01',
    );
    expect(list).toEqual([
      { date: '2026-09-20', isWorkday: true, name: '国庆节' },
      { date: '2026-09-25', isWorkday: false, name: '中秋' },
      { date: '2026-10-01', isWorkday: false, name: '国庆节' },
      { date: '2026-10-02', isWorkday: false, name: '国庆节' },
      { date: '2026-10-05', isWorkday: false, name: '国庆节' },
      { date: '2026-10-06', isWorkday: false, name: '国庆节' },
      { date: '2026-10-07', isWorkday: false, name: '国庆节' },
      { date: '2026-10-10', isWorkday: true, name: '国庆节' },
    ]);
  });
});

describe('adding working days', () => {
  test('across a weekend', () => {
    expect(addWorkingDays('2026-03-13', 1, none)).toBe('2026-03-16'); // Friday → Monday
    expect(addWorkingDays('2026-03-14', 1, none)).toBe('2026-03-16'); // Saturday → Monday
    expect(addWorkingDays('2026-03-12', 5, none)).toBe('2026-03-19');
    expect(nextWorkingDay('2026-03-13', none)).toBe('2026-03-16');
  });
  test('across the golden week, counting the Saturday make-up day', () => {
    expect(addWorkingDays('2026-09-30', 1, cn2026)).toBe('2026-10-08');
    expect(addWorkingDays('2026-09-30', 3, cn2026)).toBe('2026-10-10');
    expect(addWorkingDays('2026-09-30', 4, cn2026)).toBe('2026-10-12');
    expect(addWorkingDays('2026-09-19', 1, cn2026)).toBe('2026-09-20'); // Saturday → make-up Sunday
    expect(nextWorkingDay('2026-10-01', cn2026)).toBe('2026-10-08');
  });
  test('across a year end', () => {
    expect(addWorkingDays('2026-12-31', 1, none)).toBe('2027-01-01');
    // 元旦 2026: Thu 1 – Sat 3 January off, Sunday 4 January is a make-up workday
    expect(addWorkingDays('2025-12-31', 1, toExceptionMap(chinaCalendarExceptions([2025, 2026])))).toBe(
      '2026-01-04',
    );
  });
  test('n must be a whole number ≥ 1', () => {
    expect(() => addWorkingDays('2026-03-13', 0, none)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-03-13', 1.5, none)).toThrow(RangeError);
  });
  test('counting working days between two dates', () => {
    expect(workingDaysBetween('2026-09-30', '2026-10-10', cn2026)).toBe(3);
    expect(workingDaysBetween('2026-09-30', '2026-10-10', none)).toBe(7);
    expect(workingDaysBetween('2026-03-13', '2026-03-13', none)).toBe(0);
    expect(workingDaysBetween('2026-03-16', '2026-03-13', none)).toBe(0);
    expect(workingDaysBetween('2026-03-12', addWorkingDays('2026-03-12', 17, cn2026), cn2026)).toBe(17);
  });
});

describe('China time', () => {
  test('chinaDate uses UTC+8 around midnight', () => {
    expect(chinaDate(new Date('2026-12-31T15:59:59.999Z'))).toBe('2026-12-31');
    expect(chinaDate(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-01-01');
    expect(chinaDate(new Date('2026-03-09T23:59:59Z'))).toBe('2026-03-10');
    expect(chinaDate(new Date('2026-03-09T00:00:00Z'))).toBe('2026-03-09');
    expect(() => chinaDate(new Date('nope'))).toThrow(RangeError);
  });
  test('start and end of a China day', () => {
    expect(startOfChinaDay('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(endOfChinaDay('2026-10-01').toISOString()).toBe('2026-10-01T16:00:00.000Z');
    expect(endOfChinaDay('2026-12-31').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});

describe('public notice period (公示)', () => {
  test('posted on the Thursday before Mid-Autumn and the golden week, 5 working days', () => {
    // Thu 24 Sep 2026 10:00 CST. Fri 25 (中秋) + weekend + 1–7 Oct are off:
    // working days Mon 28, Tue 29, Wed 30 Sep, Thu 8, Fri 9 Oct → ends 24:00 CST on 9 Oct.
    const posted = new Date('2026-09-24T02:00:00Z');
    expect(dow('2026-09-24')).toBe(4);
    expect(noticePeriodEnd(posted, 5, cn2026).toISOString()).toBe('2026-10-09T16:00:00.000Z');
    // the sixth working day is the make-up Saturday 10 October
    expect(noticePeriodEnd(posted, 6, cn2026).toISOString()).toBe('2026-10-10T16:00:00.000Z');
    // with no holidays: Fri 25, Mon 28, Tue 29, Wed 30, Thu 1 Oct
    expect(noticePeriodEnd(posted, 5, none).toISOString()).toBe('2026-10-01T16:00:00.000Z');
  });
  test('posted late at night China time still counts as that China date', () => {
    // Mon 9 Mar 2026 23:30 CST = 15:30 UTC: days Tue 10 … Mon 16 → ends 2026-03-16 24:00 CST
    expect(noticePeriodEnd(new Date('2026-03-09T15:30:00Z'), 5, cn2026).toISOString()).toBe(
      '2026-03-16T16:00:00.000Z',
    );
    expect(noticePeriodEnd(new Date('2026-03-09T15:59:59.999Z'), 5, cn2026).toISOString()).toBe(
      '2026-03-16T16:00:00.000Z',
    );
    // 16:00 UTC is already Tuesday 00:00 CST: one day later
    expect(noticePeriodEnd(new Date('2026-03-09T16:00:00Z'), 5, cn2026).toISOString()).toBe(
      '2026-03-17T16:00:00.000Z',
    );
  });
  test('posted on a holiday: counting starts on the first working day after it', () => {
    expect(noticePeriodEnd(new Date('2026-10-03T04:00:00Z'), 1, cn2026).toISOString()).toBe(
      '2026-10-08T16:00:00.000Z',
    );
  });
  test('task deadlines follow the same convention', () => {
    expect(dueAfterWorkingDays(new Date('2026-09-30T09:00:00Z'), 3, cn2026).toISOString()).toBe(
      '2026-10-10T16:00:00.000Z',
    );
    expect(() => dueAfterWorkingDays(new Date('2026-09-30T09:00:00Z'), 0, cn2026)).toThrow(RangeError);
    expect(() => noticePeriodEnd(new Date('2026-09-30T09:00:00Z'), -1, cn2026)).toThrow(RangeError);
  });
});

describe('a calendar without working days', () => {
  const allOff: CalendarException[] = [];
  for (let t = Date.UTC(2027, 0, 1); t <= Date.UTC(2028, 2, 1); t += 86_400_000) {
    allOff.push({ date: new Date(t).toISOString().slice(0, 10), isWorkday: false });
  }
  const broken = toExceptionMap(allOff);
  test('searching past 366 days throws a clear RangeError', () => {
    expect(() => addWorkingDays('2026-12-31', 1, broken)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-12-31', 1, broken)).toThrow(/no working day within 366 days/);
    expect(() => noticePeriodEnd(new Date('2026-12-31T02:00:00Z'), 5, broken)).toThrow(RangeError);
  });
  test('a long but finite gap is still crossed', () => {
    const gap = toExceptionMap(allOff.filter((e) => e.date < '2027-12-01'));
    expect(addWorkingDays('2026-12-31', 1, gap)).toBe('2027-12-01');
  });
});

describe('chinese-days seed data', () => {
  const list2026 = chinaCalendarExceptions([2026]);
  test('source names the package version', () => {
    expect(CALENDAR_SOURCE).toMatch(/^chinese-days@\d+\.\d+\.\d+/);
  });
  test('2026 contains the National Day holidays and the weekend make-up workdays', () => {
    const national = list2026.filter((e) => e.name?.includes('国庆'));
    expect(national.filter((e) => !e.isWorkday).map((e) => e.date)).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(list2026.filter((e) => e.isWorkday).map((e) => e.date)).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
  });
  test('only weekday holidays with a name and weekend make-up days are listed, sorted', () => {
    for (const e of list2026) {
      expect(e.date.startsWith('2026-')).toBe(true);
      expect(e.name).toMatch(/\S/);
      const weekend = dow(e.date) === 0 || dow(e.date) === 6;
      expect(weekend).toBe(e.isWorkday);
    }
    expect(list2026.map((e) => e.date)).toEqual([...list2026.map((e) => e.date)].sort());
  });
  test('years without data give nothing (no invented holidays)', () => {
    const years = chineseDaysYears();
    expect(years).toContain(2026);
    const missing = Math.max(...years) + 1;
    expect(chinaCalendarExceptions([missing])).toEqual([]);
    expect(chinaCalendarExceptions([1999])).toEqual([]);
    expect(chinaCalendarExceptions([2025, 2026]).length).toBe(
      chinaCalendarExceptions([2025]).length + list2026.length,
    );
  });
  // The package's own functions read dates with local-time accessors, so they are only trustworthy
  // when the process time zone is UTC or east of it; there they must agree with the seed.
  const tzSafe =
    new Date(2026, 0, 1).getTimezoneOffset() <= 0 && new Date(2026, 6, 1).getTimezoneOffset() <= 0;
  (tzSafe ? test : test.skip)('agrees with chinese-days getDayDetail for every day of 2025–2026', () => {
    const ex = toExceptionMap(chinaCalendarExceptions([2025, 2026]));
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 86_400_000) {
      const date = new Date(t).toISOString().slice(0, 10);
      expect({ date, work: isWorkingDay(date, ex) }).toEqual({ date, work: getDayDetail(date).work });
    }
  });
});
