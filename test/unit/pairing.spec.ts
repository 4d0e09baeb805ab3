import { Checker } from '../../libs/domain/policy/checker';
import { HARDSHIP_CATEGORY_CODES } from '../../libs/domain/category';
import { PAIRING_CATEGORIES } from '../../libs/domain/pairing-policy';
import { chinaInstant } from '../../libs/domain/loan';
import {
  DEFAULT_PAIRING_POLICY as P,
  checkPairingPolicy,
  nextVisitDue,
  pairingClock,
  pairingEndsAtMs,
  visitIntervalDays,
  visitState,
} from '../../libs/domain/pairing';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { validatePolicy } from '../../libs/domain/policy/schema';

describe('pairing visit schedule (结对帮扶)', () => {
  test('interval by the household’s most severe active category; no active file: the longest', () => {
    expect(visitIntervalDays(['deep'], P)).toBe(30);
    expect(visitIntervalDays(['relative'], P)).toBe(90);
    expect(visitIntervalDays(['relative', 'deep'], P)).toBe(30);
    expect(visitIntervalDays([], P)).toBe(90);
    expect(
      visitIntervalDays([null, 'unknown'], {
        ...P,
        visitIntervalDays: { deep: 7, relative: 60, accident: 45 },
      }),
    ).toBe(60);
  });

  test('next due date: from the start before any visit, then from the last visit', () => {
    expect(nextVisitDue({ startOn: '2027-01-10', lastVisitOn: null, categories: ['deep'] }, P)).toBe(
      '2027-02-09',
    );
    expect(nextVisitDue({ startOn: '2027-01-10', lastVisitOn: '2027-02-20', categories: ['deep'] }, P)).toBe(
      '2027-03-22',
    );
    // a relative-hardship household: quarterly (90 days), across a year end
    expect(nextVisitDue({ startOn: '2026-11-01', lastVisitOn: null, categories: ['relative'] }, P)).toBe(
      '2027-01-30',
    );
    // a visit logged before the start (migrated data) does not pull the schedule back
    expect(nextVisitDue({ startOn: '2027-01-10', lastVisitOn: '2026-12-01', categories: ['deep'] }, P)).toBe(
      '2027-02-09',
    );
  });

  test('clock: reminder at 09:00 China time reminderDaysBefore; escalation when due + grace days are over', () => {
    const c = pairingClock('2027-02-09', P);
    expect(c.remindAtMs).toBe(chinaInstant('2027-02-06', 9));
    expect(new Date(c.remindAtMs).toISOString()).toBe('2027-02-06T01:00:00.000Z');
    expect(c.escalateAtMs).toBe(chinaInstant('2027-02-17'));
    expect(pairingEndsAtMs('2027-12-31')).toBe(chinaInstant('2028-01-01'));
    expect(pairingEndsAtMs(null)).toBeNull();
  });

  test('state on a day: on time, due soon, overdue, escalated after the grace days', () => {
    expect(visitState('2027-02-09', '2027-02-01', P)).toBe('on_time');
    expect(visitState('2027-02-09', '2027-02-06', P)).toBe('due_soon');
    expect(visitState('2027-02-09', '2027-02-09', P)).toBe('due_soon');
    expect(visitState('2027-02-09', '2027-02-10', P)).toBe('overdue');
    expect(visitState('2027-02-09', '2027-02-16', P)).toBe('overdue');
    expect(visitState('2027-02-09', '2027-02-17', P)).toBe('escalated');
  });

  test('the policy section names every hardship category', () => {
    expect([...PAIRING_CATEGORIES].sort()).toEqual([...HARDSHIP_CATEGORY_CODES].sort());
  });

  test('the policy section is validated: every category, whole days in range', () => {
    expect(DEFAULT_POLICY.pairing).toEqual(P);
    expect(validatePolicy(DEFAULT_POLICY).ok).toBe(true);
    const c = new Checker();
    expect(
      checkPairingPolicy(c, {
        visitIntervalDays: { deep: 0, relative: 90 },
        reminderDaysBefore: 3,
        escalationGraceDays: 7,
        x: 1,
      }),
    ).toBeUndefined();
    expect(c.errors.map((e) => `${e.field}:${e.rule}`).sort()).toEqual([
      'pairing.visitIntervalDays.accident:required',
      'pairing.visitIntervalDays.deep:range',
      'pairing.x:unknown_field',
    ]);
    const { pairing: _omit, ...withoutPairing } = DEFAULT_POLICY;
    const r = validatePolicy(withoutPairing);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.field)).toContain('pairing');
  });
});
