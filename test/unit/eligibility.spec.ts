import { CASE_STATUSES, OPEN_CASE_STATUSES } from '../../libs/domain/aid-case';
import {
  COUNTED_THIS_YEAR_STATUSES,
  ELIGIBILITY_RULES,
  checkEligibility,
  chinaYear,
  countedOpen,
  countedThisYear,
  eligibilityError,
  type EligibilityInput,
} from '../../libs/domain/eligibility';
import { DomainError, FailureType } from '../../libs/domain/errors';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import type { PolicyData } from '../../libs/domain/policy-types';

/** A mutable deep copy of the default policy to break in tests. */
function policy(): PolicyData {
  return JSON.parse(JSON.stringify(DEFAULT_POLICY)) as PolicyData;
}

describe('checkEligibility', () => {
  const activeDeep = { status: 'active', category: 'deep' as const };
  const base = (over: Partial<EligibilityInput> = {}): EligibilityInput => ({
    policy: DEFAULT_POLICY,
    programCode: 'illness',
    amountFen: 200_000,
    file: activeDeep,
    casesThisYearSameProgram: 0,
    openCasesSameProgram: 0,
    ...over,
  });

  test('a valid application passes', () => {
    expect(checkEligibility(base())).toBeNull();
  });

  test('rules are listed in order', () => {
    expect([...ELIGIBILITY_RULES]).toEqual([
      'worker_active',
      'program_exists',
      'amount_in_program_range',
      'active_file_required',
      'category_eligible',
      'no_open_case_same_program',
      'once_per_year',
    ]);
  });

  test('worker_active: a worker who left or retired gets no new application; active (or unknown) passes', () => {
    expect(checkEligibility(base({ workerStatus: 'left' }))).toMatchObject({
      rule: 'worker_active',
      field: 'workerId',
    });
    expect(checkEligibility(base({ workerStatus: 'retired' }))?.message).toContain('已退休');
    expect(checkEligibility(base({ workerStatus: 'active' }))).toBeNull();
  });

  test('program_exists', () => {
    expect(checkEligibility(base({ programCode: 'loan' }))).toEqual({
      rule: 'program_exists',
      field: 'program',
      message: expect.stringContaining('"loan"'),
      params: { program: 'loan', allowed: expect.stringContaining('illness') },
    });
  });

  test('amount_in_program_range: bounds inclusive, message in yuan and fen', () => {
    expect(checkEligibility(base({ amountFen: 50_000 }))).toBeNull();
    expect(checkEligibility(base({ amountFen: 500_000 }))).toBeNull();
    const low = checkEligibility(base({ amountFen: 49_999 }));
    expect(low).toMatchObject({
      rule: 'amount_in_program_range',
      field: 'amountFen',
      params: { minFen: 50_000, maxFen: 500_000, amountFen: 49_999 },
    });
    expect(low?.message).toContain('500.00–5,000.00 yuan (50000–500000 fen)');
    expect(low?.message).toContain('499.99 yuan (49999 fen)');
    expect(checkEligibility(base({ amountFen: 500_001 }))?.rule).toBe('amount_in_program_range');
    expect(checkEligibility(base({ amountFen: 100_000.5 }))?.rule).toBe('amount_in_program_range');
    expect(checkEligibility(base({ amountFen: Number.NaN }))?.rule).toBe('amount_in_program_range');
    expect(checkEligibility(base({ programCode: 'tuition', amountFen: 199_999 }))?.rule).toBe(
      'amount_in_program_range',
    );
  });

  test('active_file_required: none, or not active', () => {
    expect(checkEligibility(base({ file: null }))).toMatchObject({
      rule: 'active_file_required',
      field: 'workerId',
      message: expect.stringContaining('has none'),
    });
    const closed = checkEligibility(base({ file: { status: 'closed', category: 'deep' } }));
    expect(closed).toMatchObject({ rule: 'active_file_required' });
    expect(closed?.message).toContain('closed');
    expect(checkEligibility(base({ file: { status: 'in_notice', category: 'deep' } }))?.rule).toBe(
      'active_file_required',
    );
  });

  test('programs without the file requirement accept no file', () => {
    expect(checkEligibility(base({ programCode: 'disaster', file: null }))).toBeNull();
    expect(
      checkEligibility(base({ programCode: 'hospital_visit', amountFen: 20_000, file: null })),
    ).toBeNull();
  });

  test('category_eligible: regular subsidy is for deep hardship only', () => {
    const sub = (file: EligibilityInput['file']) =>
      checkEligibility(base({ programCode: 'regular_subsidy', amountFen: 30_000, file }));
    expect(sub(activeDeep)).toBeNull();
    expect(sub({ status: 'active', category: 'relative' })).toMatchObject({
      rule: 'category_eligible',
      field: 'workerId',
      message: expect.stringContaining('deep (深度困难)'),
    });
    expect(sub({ status: 'active', category: null })?.rule).toBe('category_eligible');
    // any category passes when the list is empty
    expect(checkEligibility(base({ file: { status: 'active', category: 'relative' } }))).toBeNull();
    expect(checkEligibility(base({ file: { status: 'active', category: null } }))).toBeNull();
  });

  test('category_eligible reads only an active file even when the program does not need one', () => {
    const p = policy();
    const disaster = p.programs.find((x) => x.code === 'disaster')!;
    disaster.eligibleCategories = ['accident']; // (validatePolicy would refuse this combination)
    const input = base({
      policy: p,
      programCode: 'disaster',
      file: { status: 'closed', category: 'accident' },
    });
    expect(checkEligibility(input)?.rule).toBe('category_eligible');
    expect(checkEligibility({ ...input, file: null })?.rule).toBe('category_eligible');
    expect(checkEligibility({ ...input, file: { status: 'active', category: 'accident' } })).toBeNull();
  });

  test('no_open_case_same_program', () => {
    expect(checkEligibility(base({ openCasesSameProgram: 1 }))).toMatchObject({
      rule: 'no_open_case_same_program',
      field: 'program',
    });
  });

  test('once_per_year applies only to once-a-year programs', () => {
    expect(checkEligibility(base({ casesThisYearSameProgram: 1 }))).toMatchObject({
      rule: 'once_per_year',
      field: 'program',
      message: expect.stringContaining('once a year'),
    });
    expect(
      checkEligibility(
        base({ programCode: 'holiday_condolence', amountFen: 50_000, casesThisYearSameProgram: 3 }),
      ),
    ).toBeNull();
    expect(
      checkEligibility(
        base({ programCode: 'regular_subsidy', amountFen: 50_000, casesThisYearSameProgram: 3 }),
      ),
    ).toBeNull();
  });

  test('the first broken rule is reported', () => {
    const everythingWrong = {
      amountFen: 1,
      file: null,
      openCasesSameProgram: 1,
      casesThisYearSameProgram: 1,
    };
    expect(checkEligibility(base({ ...everythingWrong, programCode: 'x' }))?.rule).toBe('program_exists');
    expect(checkEligibility(base(everythingWrong))?.rule).toBe('amount_in_program_range');
    expect(checkEligibility(base({ ...everythingWrong, amountFen: 100_000 }))?.rule).toBe(
      'active_file_required',
    );
    expect(
      checkEligibility(
        base({
          ...everythingWrong,
          programCode: 'regular_subsidy',
          amountFen: 30_000,
          file: { status: 'active', category: 'relative' },
        }),
      )?.rule,
    ).toBe('category_eligible');
    expect(checkEligibility(base({ ...everythingWrong, amountFen: 100_000, file: activeDeep }))?.rule).toBe(
      'no_open_case_same_program',
    );
    expect(
      checkEligibility(
        base({ ...everythingWrong, amountFen: 100_000, file: activeDeep, openCasesSameProgram: 0 }),
      )?.rule,
    ).toBe('once_per_year');
  });
});

describe('counted this year (once a year)', () => {
  test('a case counts unless it gave the household nothing: rejected, withdrawn or expired do not', () => {
    expect([...COUNTED_THIS_YEAR_STATUSES]).toEqual(
      CASE_STATUSES.filter((s) => !['rejected', 'withdrawn', 'expired'].includes(s)),
    );
    const at = new Date('2026-06-01T02:00:00Z');
    for (const status of ['submitted', 'pending_approval', 'in_notice', 'paid', 'follow_up', 'closed'])
      expect(countedThisYear({ status, submittedAt: at }, 2026)).toBe(true);
    for (const status of ['rejected', 'withdrawn', 'expired', 'no_such_status'])
      expect(countedThisYear({ status, submittedAt: at }, 2026)).toBe(false);
  });

  test('only cases submitted in that year count, the year being China time (UTC+8)', () => {
    const paid = (iso: string) => ({ status: 'paid', submittedAt: new Date(iso) });
    expect(countedThisYear(paid('2025-06-01T02:00:00Z'), 2026)).toBe(false);
    // 2025-12-31 16:00 UTC is 2026-01-01 00:00 in China: already next year
    expect(countedThisYear(paid('2025-12-31T16:00:00Z'), 2026)).toBe(true);
    expect(countedThisYear(paid('2025-12-31T15:59:59.999Z'), 2026)).toBe(false);
    expect(countedThisYear(paid('2025-12-31T15:59:59.999Z'), 2025)).toBe(true);
  });

  test('chinaYear is the calendar year at UTC+8', () => {
    expect(chinaYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(chinaYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
    expect(() => chinaYear(new Date(Number.NaN))).toThrow(RangeError);
  });

  test('countedOpen follows OPEN_CASE_STATUSES; every open case also counts this year', () => {
    for (const status of CASE_STATUSES) {
      expect(countedOpen({ status })).toBe(OPEN_CASE_STATUSES.includes(status));
    }
    for (const status of OPEN_CASE_STATUSES) expect(COUNTED_THIS_YEAR_STATUSES).toContain(status);
  });
});

describe('eligibilityError (the refusal outside the API)', () => {
  test('an open case of the same program is DuplicateOpenCase, every other rule Ineligible', () => {
    const open = eligibilityError({
      rule: 'no_open_case_same_program',
      field: 'program',
      message: 'open',
      params: { program: 'illness' },
    });
    expect(open).toBeInstanceOf(DomainError);
    expect(open.type).toBe(FailureType.DuplicateOpenCase);
    const once = eligibilityError({
      rule: 'once_per_year',
      field: 'program',
      message: 'once a year',
      params: { program: 'illness' },
    });
    expect(once).toMatchObject({
      type: FailureType.Ineligible,
      message: 'once a year',
      details: { field: 'program', rule: 'once_per_year', params: { program: 'illness' } },
    });
  });
});
