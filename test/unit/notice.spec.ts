import { toExceptionMap, type CalendarException } from '../../libs/domain/calendar';
import { noticePeriod, noticePeriodEnd, noticeRequired } from '../../libs/domain/notice';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { findProgram } from '../../libs/domain/policy/lookup';

/** Autumn 2026 as the State Council published it: 中秋 Fri 25 Sep and 国庆 1–7 Oct off, Sun 20 Sep and Sat 10 Oct worked. */
const autumn2026: CalendarException[] = [
  { date: '2026-09-20', isWorkday: true },
  { date: '2026-09-25', isWorkday: false },
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, isWorkday: false })),
  { date: '2026-10-10', isWorkday: true },
];
const cal = toExceptionMap(autumn2026);
const none = toExceptionMap([]);

describe('noticeRequired', () => {
  const illness = findProgram(DEFAULT_POLICY, 'illness')!;
  const visit = findProgram(DEFAULT_POLICY, 'hospital_visit')!;

  test('from the program noticeFromFen up; never when it is null', () => {
    expect(illness.noticeFromFen).toBe(200_000);
    expect(noticeRequired(illness, 199_999)).toBe(false);
    expect(noticeRequired(illness, 200_000)).toBe(true);
    expect(noticeRequired(illness, 500_000)).toBe(true);
    expect(visit.noticeFromFen).toBeNull();
    expect(noticeRequired(visit, 100_000)).toBe(false);
    expect(noticeRequired({ noticeFromFen: 0 }, 0)).toBe(true);
  });
});

describe('noticePeriod: the policy noticeWorkingDays on the working-day calendar', () => {
  test('the default policy: 5 working days, over Mid-Autumn and the golden week', () => {
    // posted Thu 24 Sep 10:00 CST: Mon 28, Tue 29, Wed 30 Sep, Thu 8, Fri 9 Oct → 24:00 CST on 9 Oct
    const posted = new Date('2026-09-24T02:00:00Z');
    const n = noticePeriod(DEFAULT_POLICY, posted, cal);
    expect(n.workingDays).toBe(5);
    expect(n.endsAt.toISOString()).toBe('2026-10-09T16:00:00.000Z');
    expect(n.durationMs).toBe(n.endsAt.getTime() - posted.getTime());
    // same as the end rule itself
    expect(n.endsAt).toEqual(noticePeriodEnd(posted, DEFAULT_POLICY.noticeWorkingDays, cal));
  });

  test('follows the policy figure and the calendar', () => {
    const posted = new Date('2026-09-24T02:00:00Z');
    // the sixth working day is the make-up Saturday 10 October
    expect(noticePeriod({ noticeWorkingDays: 6 }, posted, cal).endsAt.toISOString()).toBe(
      '2026-10-10T16:00:00.000Z',
    );
    // with no holidays: Fri 25, Mon 28, Tue 29, Wed 30, Thu 1 Oct
    expect(noticePeriod({ noticeWorkingDays: 5 }, posted, none).endsAt.toISOString()).toBe(
      '2026-10-01T16:00:00.000Z',
    );
    expect(noticePeriod({ noticeWorkingDays: 1 }, posted, cal)).toMatchObject({ workingDays: 1 });
  });

  test('the posting day never counts, even posted just after midnight China time', () => {
    // Tue 10 Mar 00:00 CST = Mon 9 Mar 16:00 UTC: Wed 11 … Tue 17 → ends 2026-03-17 24:00 CST
    const posted = new Date('2026-03-09T16:00:00Z');
    const n = noticePeriod(DEFAULT_POLICY, posted, none);
    expect(n.endsAt.toISOString()).toBe('2026-03-17T16:00:00.000Z');
    expect(n.durationMs).toBe(8 * 24 * 3600 * 1000);
  });

  test('a policy figure that is not a whole number ≥ 1 is refused', () => {
    const posted = new Date('2026-03-09T02:00:00Z');
    expect(() => noticePeriod({ noticeWorkingDays: 0 }, posted, cal)).toThrow(RangeError);
    expect(() => noticePeriod({ noticeWorkingDays: 2.5 }, posted, cal)).toThrow(RangeError);
    expect(() => noticePeriodEnd(posted, -1, cal)).toThrow(RangeError);
  });
});
