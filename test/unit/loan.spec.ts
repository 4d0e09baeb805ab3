import {
  DEFAULT_LOAN_POLICY,
  addMonths,
  agingBucket,
  allocatePayments,
  buildSchedule,
  chinaDateOf,
  chinaInstant,
  chronicBorrowerBlock,
  daysBetween,
} from '../../libs/domain/loan';
import { routeLoanStages } from '../../libs/domain/routing';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { validatePolicy } from '../../libs/domain/policy/schema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately untyped test input
type LooseJson = any;
function raw(): Record<string, LooseJson> {
  return JSON.parse(JSON.stringify(DEFAULT_POLICY)) as Record<string, LooseJson>;
}
function errors(p: unknown) {
  const r = validatePolicy(p);
  return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.rule}`);
}

describe('instalment schedule', () => {
  test('equal instalments in fen, the last absorbs the remainder, the sum is exact', () => {
    const s = buildSchedule(1_000_000, 3, '2026-01-15');
    expect(s.map((i) => i.amountFen)).toEqual([333_333, 333_333, 333_334]);
    expect(s.map((i) => i.dueDate)).toEqual(['2026-02-15', '2026-03-15', '2026-04-15']);
    for (const [p, n] of [
      [1, 1],
      [99_999, 7],
      [500_000, 12],
      [2_000_001, 24],
      [123_456_789, 11],
    ] as const) {
      const sch = buildSchedule(p, n, '2026-05-31');
      expect(sch).toHaveLength(n);
      expect(sch.reduce((a, i) => a + i.amountFen, 0)).toBe(p);
      expect(sch.every((i) => Number.isInteger(i.amountFen) && i.amountFen > 0)).toBe(true);
      expect(sch.slice(0, -1).every((i) => i.amountFen === sch[0]!.amountFen)).toBe(true);
    }
  });

  test('due dates are monthly from disbursement, clamped to the month end', () => {
    expect(buildSchedule(400, 4, '2026-01-31').map((i) => i.dueDate)).toEqual([
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
      '2026-05-31',
    ]);
    expect(addMonths('2027-12-31', 2)).toBe('2028-02-29');
    expect(addMonths('2026-03-15', -24)).toBe('2024-03-15');
  });

  test('refuses what cannot be split', () => {
    expect(() => buildSchedule(0, 3, '2026-01-01')).toThrow(RangeError);
    expect(() => buildSchedule(2, 3, '2026-01-01')).toThrow(RangeError);
    expect(() => buildSchedule(100.5, 3, '2026-01-01')).toThrow(RangeError);
    expect(() => buildSchedule(100, 0, '2026-01-01')).toThrow(RangeError);
  });
});

describe('payments are applied oldest first', () => {
  const sch = buildSchedule(300_000, 3, '2026-01-10'); // 100,000 due 02-10, 03-10, 04-10
  test('a partial payment fills the oldest instalment first', () => {
    const s = allocatePayments(sch, 150_000, '2026-03-20', 3);
    expect(s.map((i) => [i.paidFen, i.status, i.daysOverdue])).toEqual([
      [100_000, 'paid', 0],
      [50_000, 'overdue', 7],
      [0, 'due', 0],
    ]);
  });
  test('within the grace days an unpaid instalment is not overdue', () => {
    const s = allocatePayments(sch, 0, '2026-02-13', 3);
    expect(s[0]!.status).toBe('due');
    expect(allocatePayments(sch, 0, '2026-02-14', 3)[0]).toMatchObject({ status: 'overdue', daysOverdue: 1 });
  });
  test('early full repayment marks everything paid', () => {
    expect(allocatePayments(sch, 300_000, '2026-01-20', 3).every((i) => i.status === 'paid')).toBe(true);
  });
});

describe('aging buckets and dates', () => {
  test('boundaries', () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91, 400].map(agingBucket)).toEqual([
      'current',
      '1-30',
      '1-30',
      '31-60',
      '31-60',
      '61-90',
      '61-90',
      '90+',
      '90+',
    ]);
  });
  test('China dates', () => {
    expect(chinaDateOf(Date.parse('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(chinaDateOf(Date.parse('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(new Date(chinaInstant('2026-03-02', 9)).toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(daysBetween('2026-02-27', '2026-03-01')).toBe(2);
  });
});

describe('chronic-borrower gate', () => {
  test('an overdue instalment blocks; a default or write-off blocks within the window only', () => {
    expect(chronicBorrowerBlock({ overdueLoans: [], badLoans: [] }, '2026-06-01', 24)).toBeNull();
    expect(
      chronicBorrowerBlock(
        { overdueLoans: [{ loanId: 'a', loanNo: 'LN-1' }], badLoans: [] },
        '2026-06-01',
        24,
      ),
    ).toMatchObject({ loanId: 'a', reason: 'overdue' });
    const bad = [{ loanId: 'b', loanNo: 'LN-2', status: 'written_off' as const, on: '2024-06-02' }];
    expect(chronicBorrowerBlock({ overdueLoans: [], badLoans: bad }, '2026-06-01', 24)).toMatchObject({
      loanId: 'b',
      reason: 'written_off',
    });
    expect(chronicBorrowerBlock({ overdueLoans: [], badLoans: bad }, '2026-06-03', 24)).toBeNull();
  });
});

describe('loan policy', () => {
  test('the default policy validates and routes by amount', () => {
    expect(validatePolicy(DEFAULT_POLICY).ok).toBe(true);
    expect(routeLoanStages(DEFAULT_LOAN_POLICY, DEFAULT_POLICY.stages, 500_000).map((s) => s.code)).toEqual([
      'grassroots',
      'union',
    ]);
    expect(routeLoanStages(DEFAULT_LOAN_POLICY, DEFAULT_POLICY.stages, 500_001).map((s) => s.code)).toEqual([
      'grassroots',
      'union',
      'leader',
    ]);
    expect(DEFAULT_LOAN_POLICY.reminderOffsetsDays).toEqual([7, 1]);
    expect(DEFAULT_LOAN_POLICY.overdueLadder.map((s) => [s.afterDays, s.action])).toEqual([
      [1, 'notice'],
      [15, 'visit'],
      [30, 'escalate'],
      [90, 'default'],
    ]);
  });

  test('loan is required and each figure is checked, naming the field', () => {
    const p = raw();
    delete p.loan;
    expect(errors(p)).toContain('loan:required');
    const q = raw();
    q.loan.maxAmountFen = 100;
    q.loan.graceDays = -1;
    q.loan.reminderOffsetsDays = [7, 7];
    q.loan.overdueLadder = [
      { afterDays: 30, action: 'visit', role: 'caseworker' },
      { afterDays: 10, action: 'default', role: null },
    ];
    q.loan.routing = [{ upToFen: 1000, stages: ['grassroots', 'board'] }];
    q.loan.writeOffStages = [];
    q.loan.extra = 1;
    expect(errors(q)).toEqual(
      expect.arrayContaining([
        'loan.maxAmountFen:min_le_max',
        'loan.graceDays:range',
        'loan.reminderOffsetsDays:unique',
        'loan.overdueLadder[1].afterDays:ascending',
        'loan.routing[0].stages[1]:unknown_stage',
        'loan.routing:catch_all_required',
        'loan.writeOffStages:non_empty',
        'loan.extra:unknown_field',
      ]),
    );
    const r = raw();
    r.loan.overdueLadder = [{ afterDays: 5, action: 'escalate', role: null }];
    expect(errors(r)).toEqual(['loan.overdueLadder[0].role:unknown_role']);
    r.loan.overdueLadder = [{ afterDays: 5, action: 'escalate', role: 'union_chair' }];
    expect(errors(r)).toEqual(['loan.overdueLadder:ends_with_default']);
  });
});
