import { toExceptionMap, type CalendarException } from '../../libs/domain/calendar';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { taskDeadlines } from '../../libs/domain/tasks';

/** Autumn 2026: 中秋 Fri 25 Sep and 国庆 1–7 Oct off, Sun 20 Sep and Sat 10 Oct worked. */
const autumn2026: CalendarException[] = [
  { date: '2026-09-20', isWorkday: true },
  { date: '2026-09-25', isWorkday: false },
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, isWorkday: false })),
  { date: '2026-10-10', isWorkday: true },
];
const cal = toExceptionMap(autumn2026);
const none = toExceptionMap([]);
const HOUR = 3600 * 1000;

describe('taskDeadlines', () => {
  test('default policy: due 3 working days after opening, escalated 2 working days after that', () => {
    // opened Mon 9 Mar 2026 10:00 CST: due end of Thu 12 (= Fri 13 00:00 CST). The grace is counted
    // from the China date of that instant, Fri 13, which itself never counts: Mon 16, Tue 17 →
    // escalated end of Tue 17. (As the repository has always computed it; see the report.)
    const opened = new Date('2026-03-09T02:00:00Z');
    const d = taskDeadlines(DEFAULT_POLICY, opened, none);
    expect(d.dueAt.toISOString()).toBe('2026-03-12T16:00:00.000Z');
    expect(d.escalateAt.toISOString()).toBe('2026-03-17T16:00:00.000Z');
    expect(d.dueInMs).toBe(d.dueAt.getTime() - opened.getTime());
    expect(d.dueInMs).toBe(3 * 24 * HOUR + 14 * HOUR);
    expect(d.graceMs).toBe(5 * 24 * HOUR);
  });

  test('counted on the working-day calendar (golden week)', () => {
    // opened Wed 30 Sep: working days Thu 8, Fri 9, Sat 10 (make-up) → due end of 10 Oct;
    // grace: Mon 12, Tue 13 → escalated end of 13 Oct
    const d = taskDeadlines(DEFAULT_POLICY, new Date('2026-09-30T09:00:00Z'), cal);
    expect(d.dueAt.toISOString()).toBe('2026-10-10T16:00:00.000Z');
    expect(d.escalateAt.toISOString()).toBe('2026-10-13T16:00:00.000Z');
  });

  test("a task's own due days replace stageDueWorkingDays; the grace stays the policy's", () => {
    const opened = new Date('2026-03-09T02:00:00Z');
    const d = taskDeadlines(DEFAULT_POLICY, opened, none, 10);
    expect(d.dueAt.toISOString()).toBe('2026-03-23T16:00:00.000Z');
    // grace from Tue 24 (the China date of the due instant): Wed 25, Thu 26
    expect(d.escalateAt.toISOString()).toBe('2026-03-26T16:00:00.000Z');
    const p = { stageDueWorkingDays: 1, escalationGraceWorkingDays: 1 };
    expect(taskDeadlines(p, opened, none).dueAt.toISOString()).toBe('2026-03-10T16:00:00.000Z');
    expect(taskDeadlines(p, opened, none).escalateAt.toISOString()).toBe('2026-03-12T16:00:00.000Z');
  });

  test('bad figures are refused', () => {
    const opened = new Date('2026-03-09T02:00:00Z');
    expect(() => taskDeadlines(DEFAULT_POLICY, opened, none, 0)).toThrow(RangeError);
    expect(() =>
      taskDeadlines({ stageDueWorkingDays: 3, escalationGraceWorkingDays: 0 }, opened, none),
    ).toThrow(RangeError);
  });
});
