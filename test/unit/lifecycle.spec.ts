import {
  compareQuarters,
  nextQuarter,
  nextRecertificationDate,
  outreachDueWorkingDays,
  quarterOf,
  quarterStart,
  subsidyAmountFor,
} from '../../libs/domain/lifecycle';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { validatePolicy, type PolicyValidationError } from '../../libs/domain/policy/schema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately untyped test input
type LooseJson = any;
function raw(): Record<string, LooseJson> {
  return JSON.parse(JSON.stringify(DEFAULT_POLICY)) as Record<string, LooseJson>;
}
function errorsOf(data: unknown): PolicyValidationError[] {
  const r = validatePolicy(data);
  return r.ok ? [] : r.errors;
}
function expectError(data: unknown, field: string, rule: string): void {
  expect(errorsOf(data)).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
}

describe('quarters', () => {
  test.each([
    ['2026-01-01', '2026Q1'],
    ['2026-03-31', '2026Q1'],
    ['2026-04-01', '2026Q2'],
    ['2026-09-30', '2026Q3'],
    ['2026-10-01', '2026Q4'],
    ['2026-12-31', '2026Q4'],
  ])('%s is in %s', (date, q) => expect(quarterOf(date)).toBe(q));

  test('start, next and order', () => {
    expect(quarterStart('2026Q4')).toBe('2026-10-01');
    expect(quarterStart('2027Q2')).toBe('2027-04-01');
    expect(nextQuarter('2026Q4')).toBe('2027Q1');
    expect(nextQuarter('2026Q1')).toBe('2026Q2');
    expect(compareQuarters('2027Q1', '2026Q4')).toBeGreaterThan(0);
    expect(compareQuarters('2026Q2', '2026Q3')).toBeLessThan(0);
    expect(compareQuarters('2026Q2', '2026Q2')).toBe(0);
  });

  test('bad input throws', () => {
    expect(() => quarterOf('2026-13-01')).toThrow(RangeError);
    expect(() => quarterStart('2026Q5')).toThrow(RangeError);
  });
});

describe('next re-certification date', () => {
  const fixed = (quarter: 1 | 2 | 3 | 4) => ({ mode: 'fixed_quarter' as const, quarter });
  const anniversary = { mode: 'anniversary' as const, quarter: 4 as const };

  test('fixed quarter: files activated this year wait for next year’s round, then yearly', () => {
    expect(nextRecertificationDate(fixed(4), '2026-11-23', null)).toBe('2027-10-01');
    expect(nextRecertificationDate(fixed(4), '2026-01-05', null)).toBe('2027-10-01');
    expect(nextRecertificationDate(fixed(1), '2026-12-31', null)).toBe('2027-01-01');
    expect(nextRecertificationDate(fixed(4), '2026-11-23', '2027-10-01')).toBe('2028-10-01');
    expect(nextRecertificationDate(fixed(2), '2020-06-15', '2025-04-01')).toBe('2026-04-01');
  });

  test('fixed quarter: a file whose rounds were missed gets the next one after the last', () => {
    expect(nextRecertificationDate(fixed(3), '2020-02-01', '2021-07-01')).toBe('2022-07-01');
  });

  test('anniversary: one year after activation, then yearly', () => {
    expect(nextRecertificationDate(anniversary, '2026-11-23', null)).toBe('2027-11-23');
    expect(nextRecertificationDate(anniversary, '2026-11-23', '2027-11-23')).toBe('2028-11-23');
    expect(nextRecertificationDate(anniversary, '2026-03-10', '2026-12-01')).toBe('2027-03-10');
  });

  test('anniversary of 29 February falls on 28 February in common years', () => {
    expect(nextRecertificationDate(anniversary, '2024-02-29', null)).toBe('2025-02-28');
    expect(nextRecertificationDate(anniversary, '2024-02-29', '2027-02-28')).toBe('2028-02-29');
  });

  test('invalid dates and quarters are refused', () => {
    expect(() => nextRecertificationDate(anniversary, '2026-02-30', null)).toThrow(RangeError);
    expect(() =>
      nextRecertificationDate({ mode: 'fixed_quarter', quarter: 5 as 4 }, '2026-01-01', null),
    ).toThrow(RangeError);
  });
});

describe('subsidy and early-warning figures', () => {
  test('defaults: deep hardship gets 300 yuan a quarter from regular_subsidy; others none', () => {
    expect(subsidyAmountFor(DEFAULT_POLICY.subsidy, 'deep')).toBe(30_000);
    expect(subsidyAmountFor(DEFAULT_POLICY.subsidy, 'relative')).toBeNull();
    expect(subsidyAmountFor(DEFAULT_POLICY.subsidy, null)).toBeNull();
    expect(DEFAULT_POLICY.subsidy.programCode).toBe('regular_subsidy');
  });

  test('outreach deadline: per-kind override, else the default', () => {
    const p = { outreachDueWorkingDays: 3, dueWorkingDaysByKind: { disaster: 1 } };
    expect(outreachDueWorkingDays(p, 'disaster')).toBe(1);
    expect(outreachDueWorkingDays(p, 'layoff')).toBe(3);
  });
});

describe('validatePolicy: subsidy, recertification, earlyWarning', () => {
  test('the sections are required', () => {
    for (const key of ['subsidy', 'recertification', 'earlyWarning']) {
      const d = raw();
      delete d[key];
      expectError(d, key, 'required');
    }
  });

  test('a subsidy amount of zero, negative or fractional fen is refused, naming the field', () => {
    for (const [v, rule] of [
      [0, 'positive_fen'],
      [-1, 'fen'],
      [300.5, 'fen'],
    ] as const) {
      const d = raw();
      d.subsidy.amounts[0].amountFenPerQuarter = v;
      expectError(d, 'subsidy.amounts[0].amountFenPerQuarter', rule);
    }
  });

  test('unknown program, unknown or repeated category, bad fund source code', () => {
    const d = raw();
    d.subsidy.programCode = 'lottery';
    expectError(d, 'subsidy.programCode', 'unknown_program');
    const e = raw();
    e.subsidy.amounts.push({ category: 'deep', amountFenPerQuarter: 40_000 });
    e.subsidy.amounts.push({ category: 'rich', amountFenPerQuarter: 40_000 });
    expectError(e, 'subsidy.amounts[1].category', 'unique');
    expectError(e, 'subsidy.amounts[2].category', 'unknown_category');
    const f = raw();
    f.subsidy.fundSource = 'Union Funds';
    expectError(f, 'subsidy.fundSource', 'code_format');
  });

  test('a valid change round-trips', () => {
    const d = raw();
    d.subsidy.amounts.push({ category: 'accident', amountFenPerQuarter: 50_000 });
    d.subsidy.fundSource = 'mutual_aid';
    d.recertification = { mode: 'anniversary', quarter: 1, dueWorkingDays: 5 };
    d.earlyWarning = { outreachDueWorkingDays: 2, dueWorkingDaysByKind: { family_death: 1 } };
    const r = validatePolicy(d);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.data.subsidy.amounts).toHaveLength(2);
      expect(r.data.recertification.mode).toBe('anniversary');
      expect(r.data.earlyWarning.dueWorkingDaysByKind).toEqual({ family_death: 1 });
    }
  });

  test('bad recertification and early-warning figures name the field', () => {
    const d = raw();
    d.recertification.mode = 'whenever';
    d.recertification.quarter = 5;
    d.earlyWarning.outreachDueWorkingDays = 0;
    d.earlyWarning.dueWorkingDaysByKind = { flood: 1, injury: 'soon' };
    expectError(d, 'recertification.mode', 'one_of');
    expectError(d, 'recertification.quarter', 'range');
    expectError(d, 'earlyWarning.outreachDueWorkingDays', 'range');
    expectError(d, 'earlyWarning.dueWorkingDaysByKind.flood', 'unknown_field');
    expectError(d, 'earlyWarning.dueWorkingDaysByKind.injury', 'type');
  });
});
