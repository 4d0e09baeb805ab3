import { computeCategory, dibaoFor } from '../../libs/domain/category';
import { ELIGIBILITY_RULES, checkEligibility, type EligibilityInput } from '../../libs/domain/eligibility';
import { FOUR_EYES_REASONS, fourEyesRefusal } from '../../libs/domain/four-eyes';
import { DEFAULT_POLICY, DEFAULT_PROGRAM_CODES } from '../../libs/domain/policy/defaults';
import { findProgram } from '../../libs/domain/policy/lookup';
import { validatePolicy, type PolicyValidationError } from '../../libs/domain/policy/schema';
import { routeStages } from '../../libs/domain/routing';
import type { HouseholdFigures, PolicyData } from '../../libs/domain/policy-types';

/** A mutable deep copy of the default policy to break in tests. */
function policy(): PolicyData {
  return JSON.parse(JSON.stringify(DEFAULT_POLICY)) as PolicyData;
}

/**
 * A mutable deep copy as untyped JSON, for structural breakage the types would forbid (wrong types,
 * deleted fields, unknown fields).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately untyped test input
type LooseJson = any;
function raw(): Record<string, LooseJson> {
  return JSON.parse(JSON.stringify(DEFAULT_POLICY)) as Record<string, LooseJson>;
}

function errorsOf(data: unknown): PolicyValidationError[] {
  const result = validatePolicy(data);
  return result.ok ? [] : result.errors;
}

function expectError(data: unknown, field: string, rule: string): void {
  expect(errorsOf(data)).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
}

const SHANDONG = '370000';
const DIBAO = 106_200; // Shandong, fen per person per month

function figures(over: Partial<HouseholdFigures> = {}): HouseholdFigures {
  return {
    members: 1,
    annualIncomeFen: 0,
    annualRigidExpensesFen: 0,
    annualHardshipCostsFen: 0,
    accidentEvent: false,
    localityCode: SHANDONG,
    ...over,
  };
}

/** Household income that makes the per-capita monthly figure exactly `perCapitaFen` (no expenses). */
function incomeFor(perCapitaFen: number, members: number): number {
  return perCapitaFen * 12 * members;
}

describe('default policy', () => {
  test('validates ok and round-trips unchanged', () => {
    const result = validatePolicy(DEFAULT_POLICY);
    expect(result).toEqual({ ok: true, data: DEFAULT_POLICY });
    if (result.ok) expect(result.data).not.toBe(DEFAULT_POLICY);
  });

  test('has the figures of the regulations', () => {
    expect(dibaoFor(DEFAULT_POLICY, SHANDONG)).toBe(106_200);
    expect(DEFAULT_POLICY.category).toEqual({ relativeMultiplierPercent: 200, accidentCostSharePercent: 80 });
    expect(DEFAULT_POLICY.programs.map((p) => p.code)).toEqual([...DEFAULT_PROGRAM_CODES]);
    const ranges = Object.fromEntries(
      DEFAULT_POLICY.programs.map((p) => [p.code, [p.minAmountFen, p.maxAmountFen]]),
    );
    expect(ranges).toEqual({
      disaster: [50_000, 500_000],
      illness: [50_000, 500_000],
      regular_subsidy: [30_000, 50_000],
      tuition: [200_000, 200_000],
      holiday_condolence: [20_000, 100_000],
      hospital_visit: [20_000, 100_000],
    });
    expect(findProgram(DEFAULT_POLICY, 'disaster')).toMatchObject({
      oncePerYear: true,
      requiresActiveFile: false,
      eligibleCategories: [],
      noticeFromFen: 200_000,
    });
    expect(findProgram(DEFAULT_POLICY, 'regular_subsidy')?.eligibleCategories).toEqual(['deep']);
    expect(findProgram(DEFAULT_POLICY, 'holiday_condolence')).toMatchObject({
      oncePerYear: false,
      noticeFromFen: null,
    });
    expect(findProgram(DEFAULT_POLICY, 'hospital_visit')).toMatchObject({
      oncePerYear: false,
      requiresActiveFile: false,
      noticeFromFen: null,
    });
    expect(DEFAULT_POLICY.stages.map((s) => [s.code, s.candidateRole])).toEqual([
      ['grassroots', 'branch_chair'],
      ['union', 'union_chair'],
      ['leader', 'leader'],
    ]);
    expect(DEFAULT_POLICY.fileStages).toEqual(['grassroots', 'union']);
    expect(DEFAULT_POLICY).toMatchObject({
      noticeWorkingDays: 5,
      stageDueWorkingDays: 3,
      escalationGraceWorkingDays: 2,
      followUpDays: 30,
      reservationExpiryDays: 60,
      exitMonthsAbove: 6,
    });
  });

  test('every fen figure is an integer', () => {
    for (const p of DEFAULT_POLICY.programs) {
      expect(Number.isInteger(p.minAmountFen) && Number.isInteger(p.maxAmountFen)).toBe(true);
    }
    for (const l of DEFAULT_POLICY.localities) expect(Number.isInteger(l.dibaoFenPerPersonMonth)).toBe(true);
  });

  test('is frozen so no caller can change it by accident', () => {
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_POLICY.programs[0])).toBe(true);
    expect(Object.isFrozen(DEFAULT_POLICY.routing[0]!.stages)).toBe(true);
    expect(() => {
      (DEFAULT_POLICY.programs[0] as { maxAmountFen: number }).maxAmountFen = 1;
    }).toThrow(TypeError);
  });
});

describe('look-ups', () => {
  test('findProgram and dibaoFor', () => {
    expect(findProgram(DEFAULT_POLICY, 'illness')?.nameZh).toBe('大病救助');
    expect(findProgram(DEFAULT_POLICY, 'nope')).toBeUndefined();
    expect(dibaoFor(DEFAULT_POLICY, '999999')).toBeUndefined();
  });
});

describe('validatePolicy', () => {
  test('the document itself must be an object', () => {
    expect(errorsOf(undefined)).toEqual([expect.objectContaining({ field: '', rule: 'required' })]);
    expect(errorsOf(null)).toEqual([expect.objectContaining({ field: '', rule: 'type' })]);
    expect(errorsOf([])).toEqual([expect.objectContaining({ field: '', rule: 'type' })]);
    expect(errorsOf('policy')).toEqual([expect.objectContaining({ field: '', rule: 'type' })]);
  });

  test('an empty object reports every missing top-level field', () => {
    const fields = errorsOf({}).map((e) => `${e.field}:${e.rule}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'localities:required',
        'category:required',
        'programs:required',
        'stages:required',
        'routing:required',
        'fileStages:required',
        'noticeWorkingDays:required',
        'stageDueWorkingDays:required',
        'escalationGraceWorkingDays:required',
        'followUpDays:required',
        'reservationExpiryDays:required',
        'exitMonthsAbove:required',
      ]),
    );
  });

  test('unknown fields are refused at any depth', () => {
    const p = raw();
    p.extra = 1;
    p.programs[1].noticeFromFenn = 5;
    p.category.other = true;
    expectError(p, 'extra', 'unknown_field');
    expectError(p, 'programs[1].noticeFromFenn', 'unknown_field');
    expectError(p, 'category.other', 'unknown_field');
  });

  test('errors carry a message', () => {
    const p = raw();
    p.programs[2].maxAmountFen = -1;
    const [error] = errorsOf(p);
    expect(error).toEqual({
      field: 'programs[2].maxAmountFen',
      rule: 'fen',
      message: expect.stringContaining('programs[2].maxAmountFen'),
    });
  });

  describe('localities', () => {
    test('non-empty list of objects', () => {
      const p = raw();
      p.localities = [];
      expectError(p, 'localities', 'non_empty');
      p.localities = {};
      expectError(p, 'localities', 'type');
      p.localities = ['370000'];
      expectError(p, 'localities[0]', 'type');
    });

    test('code and name required, non-empty strings', () => {
      const p = raw();
      delete p.localities[0].code;
      p.localities[1].nameZh = '  ';
      p.localities[2].code = 310000;
      expectError(p, 'localities[0].code', 'required');
      expectError(p, 'localities[1].nameZh', 'non_empty');
      expectError(p, 'localities[2].code', 'type');
    });

    test('低保 is a positive integer of fen', () => {
      for (const bad of [-1, 1062.5, '106200', null, Number.NaN]) {
        const p = raw();
        p.localities[0].dibaoFenPerPersonMonth = bad;
        expectError(p, 'localities[0].dibaoFenPerPersonMonth', 'fen');
      }
      const p = raw();
      p.localities[0].dibaoFenPerPersonMonth = 0;
      expectError(p, 'localities[0].dibaoFenPerPersonMonth', 'positive_fen');
    });

    test('codes are unique; the repeat is reported', () => {
      const p = raw();
      p.localities[2].code = '370000';
      expect(errorsOf(p)).toEqual([expect.objectContaining({ field: 'localities[2].code', rule: 'unique' })]);
    });
  });

  describe('category settings', () => {
    test('relative multiplier from 100% to 1000%', () => {
      for (const [value, ok] of [
        [99, false],
        [100, true],
        [200, true],
        [1000, true],
        [1001, false],
      ] as const) {
        const p = raw();
        p.category.relativeMultiplierPercent = value;
        if (ok) expect(errorsOf(p)).toEqual([]);
        else expectError(p, 'category.relativeMultiplierPercent', 'range');
      }
    });

    test('accident cost share from 1% to 100%', () => {
      for (const [value, ok] of [
        [0, false],
        [1, true],
        [100, true],
        [101, false],
      ] as const) {
        const p = raw();
        p.category.accidentCostSharePercent = value;
        if (ok) expect(errorsOf(p)).toEqual([]);
        else expectError(p, 'category.accidentCostSharePercent', 'range');
      }
    });

    test('percentages are whole numbers', () => {
      const p = raw();
      p.category.accidentCostSharePercent = 80.5;
      p.category.relativeMultiplierPercent = '200';
      expectError(p, 'category.accidentCostSharePercent', 'integer');
      expectError(p, 'category.relativeMultiplierPercent', 'type');
    });

    test('category must be an object', () => {
      const p = raw();
      p.category = 200;
      expectError(p, 'category', 'type');
    });
  });

  describe('programs', () => {
    test('non-empty list', () => {
      const p = raw();
      p.programs = [];
      expectError(p, 'programs', 'non_empty');
    });

    test('amounts are integer fen ≥ 0', () => {
      const p = raw();
      p.programs[0].minAmountFen = -1;
      p.programs[1].maxAmountFen = 500_000.5;
      p.programs[2].maxAmountFen = '50000';
      expectError(p, 'programs[0].minAmountFen', 'fen');
      expectError(p, 'programs[1].maxAmountFen', 'fen');
      expectError(p, 'programs[2].maxAmountFen', 'fen');
    });

    test('min must not exceed max; equal is fine', () => {
      const p = raw();
      p.programs[2].minAmountFen = 50_001;
      expect(errorsOf(p)).toEqual([
        expect.objectContaining({ field: 'programs[2].maxAmountFen', rule: 'min_le_max' }),
      ]);
      p.programs[2].minAmountFen = 50_000;
      expect(errorsOf(p)).toEqual([]);
    });

    test('noticeFromFen is fen or null', () => {
      const p = raw();
      p.programs[0].noticeFromFen = null;
      expect(errorsOf(p)).toEqual([]);
      p.programs[0].noticeFromFen = -5;
      expectError(p, 'programs[0].noticeFromFen', 'fen');
      delete p.programs[0].noticeFromFen;
      expectError(p, 'programs[0].noticeFromFen', 'required');
    });

    test('flags are booleans', () => {
      const p = raw();
      p.programs[3].oncePerYear = 'yes';
      delete p.programs[4].requiresActiveFile;
      expectError(p, 'programs[3].oncePerYear', 'type');
      expectError(p, 'programs[4].requiresActiveFile', 'required');
    });

    test('codes are unique lower-case identifiers, never "*"', () => {
      const p = raw();
      p.programs[1].code = 'disaster';
      expect(errorsOf(p)).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'programs[1].code', rule: 'unique' })]),
      );
      for (const bad of ['*', 'Illness', '大病', 'ill ness', '1x']) {
        const q = raw();
        q.programs[1].code = bad;
        expectError(q, 'programs[1].code', 'code_format');
      }
    });

    test('names are required', () => {
      const p = raw();
      p.programs[0].nameEn = '';
      delete p.programs[0].nameZh;
      expectError(p, 'programs[0].nameEn', 'non_empty');
      expectError(p, 'programs[0].nameZh', 'required');
    });

    test('eligible categories are known and unique', () => {
      const p = raw();
      p.programs[2].eligibleCategories = ['deep', 'poor', 'deep'];
      expectError(p, 'programs[2].eligibleCategories[1]', 'unknown_category');
      expectError(p, 'programs[2].eligibleCategories[2]', 'unique');
      p.programs[2].eligibleCategories = 'deep';
      expectError(p, 'programs[2].eligibleCategories', 'type');
    });

    test('a category restriction needs an active file', () => {
      const p = raw();
      p.programs[0].eligibleCategories = ['deep'];
      expect(errorsOf(p)).toEqual([
        expect.objectContaining({ field: 'programs[0].eligibleCategories', rule: 'category_needs_file' }),
      ]);
    });
  });

  describe('stages', () => {
    test('non-empty list with unique codes', () => {
      const p = raw();
      p.stages = [];
      expectError(p, 'stages', 'non_empty');
      const q = raw();
      q.stages[2].code = 'union';
      expectError(q, 'stages[2].code', 'unique');
    });

    test('candidate role must be a known role', () => {
      const p = raw();
      p.stages[1].candidateRole = 'chairman';
      expect(errorsOf(p)).toEqual([
        expect.objectContaining({ field: 'stages[1].candidateRole', rule: 'unknown_role' }),
      ]);
      delete p.stages[1].candidateRole;
      expectError(p, 'stages[1].candidateRole', 'required');
    });

    test('stage code format and names', () => {
      const p = raw();
      p.stages[0].code = 'Grass Roots';
      p.stages[0].nameEn = 7;
      expectError(p, 'stages[0].code', 'code_format');
      expectError(p, 'stages[0].nameEn', 'type');
    });
  });

  describe('routing', () => {
    test('non-empty list', () => {
      const p = raw();
      p.routing = [];
      expectError(p, 'routing', 'non_empty');
    });

    test('every rule has a non-empty stage list of defined, distinct stages', () => {
      const p = raw();
      p.routing[0].stages = [];
      p.routing[1].stages = ['grassroots', 'county', 'grassroots', 3];
      expectError(p, 'routing[0].stages', 'non_empty');
      expectError(p, 'routing[1].stages[1]', 'unknown_stage');
      expectError(p, 'routing[1].stages[2]', 'unique');
      expectError(p, 'routing[1].stages[3]', 'type');
    });

    test('program is "*" or a defined program', () => {
      const p = raw();
      p.routing.unshift({ program: 'loan', upToFen: 100, stages: ['grassroots'] });
      expectError(p, 'routing[0].program', 'unknown_program');
      p.routing[0].program = 'illness';
      expect(errorsOf(p)).toEqual([]);
    });

    test('upToFen is fen or null', () => {
      const p = raw();
      p.routing[0].upToFen = -1;
      expectError(p, 'routing[0].upToFen', 'fen');
      p.routing[0].upToFen = 1.5;
      expectError(p, 'routing[0].upToFen', 'fen');
    });

    test('a catch-all rule ("*", upToFen null) is required', () => {
      const p = raw();
      p.routing[1].upToFen = 10_000_000;
      expect(errorsOf(p)).toEqual([
        expect.objectContaining({ field: 'routing', rule: 'catch_all_required' }),
      ]);
      const q = raw();
      q.routing[1].program = 'illness';
      expect(errorsOf(q)).toEqual([
        expect.objectContaining({ field: 'routing', rule: 'catch_all_required' }),
      ]);
    });

    test('rules after the catch-all are unreachable', () => {
      const p = raw();
      p.routing.push({ program: 'illness', upToFen: null, stages: ['union'] });
      expect(errorsOf(p)).toEqual([
        expect.objectContaining({ field: 'routing[2]', rule: 'unreachable_rule' }),
      ]);
    });
  });

  describe('fileStages', () => {
    test('non-empty, defined, distinct', () => {
      const p = raw();
      p.fileStages = [];
      expectError(p, 'fileStages', 'non_empty');
      p.fileStages = ['grassroots', 'board', 'grassroots'];
      expectError(p, 'fileStages[1]', 'unknown_stage');
      expectError(p, 'fileStages[2]', 'unique');
    });
  });

  describe('durations', () => {
    const fields = [
      'noticeWorkingDays',
      'stageDueWorkingDays',
      'escalationGraceWorkingDays',
      'followUpDays',
      'reservationExpiryDays',
      'exitMonthsAbove',
    ];
    test.each(fields)('%s is a positive whole number', (field) => {
      for (const [value, rule] of [
        [0, 'range'],
        [-3, 'range'],
        [2.5, 'integer'],
        ['5', 'type'],
        [null, 'type'],
        [100_000, 'range'],
      ] as const) {
        const p = raw();
        p[field] = value;
        expect(errorsOf(p)).toEqual([expect.objectContaining({ field, rule })]);
      }
      const p = raw();
      p[field] = 1;
      expect(errorsOf(p)).toEqual([]);
    });
  });

  test('a broken stage does not cascade into reference errors', () => {
    const p = raw();
    p.stages[2].candidateRole = 'boss';
    // routing still refers to "leader", which exists (only its role is wrong)
    expect(errorsOf(p).map((e) => e.field)).toEqual(['stages[2].candidateRole']);
  });

  test('collects many errors in one pass', () => {
    const p = raw();
    p.localities[0].dibaoFenPerPersonMonth = -1;
    p.programs[0].minAmountFen = 900_000;
    p.stages[0].candidateRole = 'x';
    p.noticeWorkingDays = 0;
    expect(errorsOf(p).map((e) => e.field)).toEqual([
      'localities[0].dibaoFenPerPersonMonth',
      'programs[0].maxAmountFen',
      'stages[0].candidateRole',
      'noticeWorkingDays',
    ]);
  });
});

describe('computeCategory', () => {
  test('below 低保 is deep; exactly at 低保 is not', () => {
    const below = computeCategory(figures({ annualIncomeFen: incomeFor(DIBAO, 1) - 1 }), DEFAULT_POLICY, 1);
    expect(below.category).toBe('deep');
    expect(below.inputs.perCapitaMonthlyFen).toBe(DIBAO - 1);

    const at = computeCategory(figures({ annualIncomeFen: incomeFor(DIBAO, 1) }), DEFAULT_POLICY, 1);
    expect(at.category).toBe('relative');
    expect(at.inputs.perCapitaMonthlyFen).toBe(DIBAO);
  });

  test('below 2 × 低保 is relative; exactly 2 × 低保 is not', () => {
    const below = computeCategory(
      figures({ members: 3, annualIncomeFen: incomeFor(2 * DIBAO, 3) - 1 }),
      DEFAULT_POLICY,
      1,
    );
    expect(below.category).toBe('relative');
    const at = computeCategory(
      figures({ members: 3, annualIncomeFen: incomeFor(2 * DIBAO, 3) }),
      DEFAULT_POLICY,
      1,
    );
    expect(at.category).toBeNull();
    expect(at.reason).toContain('2,124.00');
  });

  test('members: the same income is deep for a family and not for one person', () => {
    const income = incomeFor(DIBAO, 3) - 12; // per capita just under 低保 for three
    expect(
      computeCategory(figures({ members: 3, annualIncomeFen: income }), DEFAULT_POLICY, 1).category,
    ).toBe('deep');
    expect(
      computeCategory(figures({ members: 1, annualIncomeFen: income }), DEFAULT_POLICY, 1).category,
    ).toBeNull();
    // one fen below the boundary for four members still counts: no rounding to whole fen before comparing
    const four = computeCategory(
      figures({ members: 4, annualIncomeFen: incomeFor(DIBAO, 4) - 1 }),
      DEFAULT_POLICY,
      1,
    );
    expect(four.category).toBe('deep');
    expect(four.inputs.perCapitaMonthlyFen).toBe(DIBAO - 1);
  });

  test('rigid expenses are deducted before dividing', () => {
    const d = computeCategory(
      figures({ members: 2, annualIncomeFen: incomeFor(DIBAO, 2) + 50_000, annualRigidExpensesFen: 50_001 }),
      DEFAULT_POLICY,
      1,
    );
    expect(d.category).toBe('deep');
    const e = computeCategory(
      figures({ members: 2, annualIncomeFen: incomeFor(DIBAO, 2) + 50_000, annualRigidExpensesFen: 50_000 }),
      DEFAULT_POLICY,
      1,
    );
    expect(e.category).toBe('relative');
  });

  test('per-capita figure is floored, stays exact for the comparison, and may be negative', () => {
    // 1,950,000 fen / 12 / 2 = 81,250 exactly
    expect(
      computeCategory(figures({ members: 2, annualIncomeFen: 1_950_000 }), DEFAULT_POLICY, 1).inputs
        .perCapitaMonthlyFen,
    ).toBe(81_250);
    // 100 / 36 = 2.77… → 2
    expect(
      computeCategory(figures({ members: 3, annualIncomeFen: 100 }), DEFAULT_POLICY, 1).inputs
        .perCapitaMonthlyFen,
    ).toBe(2);
    // (100_000 − 300_001) / 24 = −8333.375 → −8334 (floor, not truncation)
    const neg = computeCategory(
      figures({ members: 2, annualIncomeFen: 100_000, annualRigidExpensesFen: 300_001 }),
      DEFAULT_POLICY,
      1,
    );
    expect(neg.inputs.perCapitaMonthlyFen).toBe(-8_334);
    expect(neg.category).toBe('deep');
    expect(neg.reason).toContain('人均月收入 -83.34 元');
  });

  test('the reason gives the figures in yuan in Chinese and English', () => {
    const d = computeCategory(figures({ members: 2, annualIncomeFen: 1_950_000 }), DEFAULT_POLICY, 1);
    expect(d.reason).toBe(
      '人均月收入 812.50 元 < 低保 1,062.00 元 (per-capita monthly income below the minimum living standard)',
    );
    const r = computeCategory(figures({ annualIncomeFen: incomeFor(150_000, 1) }), DEFAULT_POLICY, 1);
    expect(r.reason).toContain('人均月收入 1,500.00 元');
    expect(r.reason).toContain('2,124.00 元');
    expect(r.reason).toContain('below 200% of the minimum living standard');
    const n = computeCategory(figures({ annualIncomeFen: incomeFor(300_000, 1) }), DEFAULT_POLICY, 1);
    expect(n.reason).toContain('not below 200%');
  });

  test('accident: an event qualifies whatever the income', () => {
    const a = computeCategory(
      figures({ annualIncomeFen: incomeFor(500_000, 1), accidentEvent: true }),
      DEFAULT_POLICY,
      1,
    );
    expect(a.category).toBe('accident');
    expect(a.reason).toContain('major accident');
  });

  test('accident: costs above 80% of income qualify; exactly 80% does not', () => {
    const income = incomeFor(500_000, 1); // 6,000,000 fen
    const over = computeCategory(
      figures({ annualIncomeFen: income, annualHardshipCostsFen: 4_800_001 }),
      DEFAULT_POLICY,
      1,
    );
    expect(over.category).toBe('accident');
    expect(over.reason).toContain('年度致困支出 48,000.01 元 > 家庭年收入 60,000.00 元的 80%');
    const exact = computeCategory(
      figures({ annualIncomeFen: income, annualHardshipCostsFen: 4_800_000 }),
      DEFAULT_POLICY,
      1,
    );
    expect(exact.category).toBeNull();
  });

  test('accident: with no income any hardship cost is over the share; no cost is not', () => {
    // no income means per-capita 0, so deep wins; the reason still records the accident rule
    const some = computeCategory(
      figures({ annualIncomeFen: 0, annualHardshipCostsFen: 1 }),
      DEFAULT_POLICY,
      1,
    );
    expect(some.category).toBe('deep');
    expect(some.reason).toContain('同时符合意外致困 (also meets accident-caused hardship)');
    const none = computeCategory(
      figures({ annualIncomeFen: 0, annualHardshipCostsFen: 0 }),
      DEFAULT_POLICY,
      1,
    );
    expect(none.category).toBe('deep');
    expect(none.reason).not.toContain('accident');
  });

  test('precedence: deep over accident over relative', () => {
    const deepAndAccident = computeCategory(
      figures({ annualIncomeFen: 0, accidentEvent: true }),
      DEFAULT_POLICY,
      1,
    );
    expect(deepAndAccident.category).toBe('deep');
    expect(deepAndAccident.reason).toContain('同时符合意外致困');

    const relativeAndAccident = computeCategory(
      figures({ annualIncomeFen: incomeFor(150_000, 1), accidentEvent: true }),
      DEFAULT_POLICY,
      1,
    );
    expect(relativeAndAccident.category).toBe('accident');
    expect(relativeAndAccident.reason).toContain('同时符合相对困难 (also meets relative hardship)');

    // deep implies relative: not repeated in the reason
    expect(deepAndAccident.reason).not.toContain('相对困难');
  });

  test('uses the policy percentages and the locality 低保', () => {
    const p = policy();
    p.category.relativeMultiplierPercent = 150;
    p.category.accidentCostSharePercent = 50;
    const income = incomeFor(159_300, 1); // 1.5 × 106,200 = 159,300
    expect(computeCategory(figures({ annualIncomeFen: income - 1 }), p, 2).category).toBe('relative');
    expect(computeCategory(figures({ annualIncomeFen: income }), p, 2).category).toBeNull();
    expect(
      computeCategory(figures({ annualIncomeFen: income, annualHardshipCostsFen: income / 2 + 1 }), p, 2)
        .category,
    ).toBe('accident');

    const beijing = computeCategory(
      figures({ localityCode: '110000', annualIncomeFen: incomeFor(120_000, 1) }),
      p,
      2,
    );
    expect(beijing.category).toBe('deep');
    expect(beijing.inputs.dibaoFen).toBe(145_000);
    expect(beijing.policyVersion).toBe(2);
  });

  test('a threshold with a fraction of a fen keeps the shown inequality true', () => {
    const p = policy();
    p.localities[0]!.dibaoFenPerPersonMonth = 106_201;
    p.category.relativeMultiplierPercent = 150; // threshold 159,301.5 fen
    const rel = computeCategory(figures({ annualIncomeFen: 159_301 * 12 }), p, 1);
    expect(rel.category).toBe('relative');
    expect(rel.reason).toContain('< 低保的 150% 1,593.02 元');
    const none = computeCategory(figures({ annualIncomeFen: 159_302 * 12 }), p, 1);
    expect(none.category).toBeNull();
    expect(none.reason).toContain('人均月收入 1,593.02 元 ≥ 低保的 150% 1,593.01 元');
  });

  test('records the inputs, the derived figure, the 低保 and the version', () => {
    const f = figures({
      members: 2,
      annualIncomeFen: 1_950_000,
      annualRigidExpensesFen: 0,
      accidentEvent: false,
    });
    const d = computeCategory({ ...f, extra: 'ignored' } as HouseholdFigures, DEFAULT_POLICY, 7);
    expect(d.policyVersion).toBe(7);
    expect(d.inputs).toEqual({ ...f, perCapitaMonthlyFen: 81_250, dibaoFen: DIBAO });
  });

  test('works with large figures without losing precision', () => {
    const members = 9;
    const income = 2 ** 52; // beyond where 100 × income fits a double exactly
    const d = computeCategory(
      figures({ members, annualIncomeFen: income, annualHardshipCostsFen: income }),
      DEFAULT_POLICY,
      1,
    );
    expect(d.category).toBe('accident');
    expect(d.inputs.perCapitaMonthlyFen).toBe(Math.floor(income / 108));
  });

  test('unknown locality throws a clear error', () => {
    expect(() => computeCategory(figures({ localityCode: '999999' }), DEFAULT_POLICY, 3)).toThrow(
      /unknown locality "999999".*policy version 3/,
    );
  });

  test('malformed figures throw', () => {
    expect(() => computeCategory(figures({ members: 0 }), DEFAULT_POLICY, 1)).toThrow(RangeError);
    expect(() => computeCategory(figures({ members: 1.5 }), DEFAULT_POLICY, 1)).toThrow(RangeError);
    expect(() => computeCategory(figures({ annualIncomeFen: 10.5 }), DEFAULT_POLICY, 1)).toThrow(RangeError);
    expect(() => computeCategory(figures({ annualRigidExpensesFen: -1 }), DEFAULT_POLICY, 1)).toThrow(
      RangeError,
    );
    expect(() => computeCategory(figures({ annualHardshipCostsFen: Number.NaN }), DEFAULT_POLICY, 1)).toThrow(
      RangeError,
    );
  });
});

describe('routeStages', () => {
  const codes = (programCode: string, amountFen: number, p: PolicyData = DEFAULT_POLICY) =>
    routeStages(p, programCode, amountFen).map((s) => s.code);

  test('up to 2,000 yuan: grassroots then union; above: the leader too', () => {
    expect(codes('illness', 50_000)).toEqual(['grassroots', 'union']);
    expect(codes('illness', 200_000)).toEqual(['grassroots', 'union']);
    expect(codes('illness', 200_001)).toEqual(['grassroots', 'union', 'leader']);
    expect(codes('disaster', 500_000)).toEqual(['grassroots', 'union', 'leader']);
    expect(codes('tuition', 200_000)).toEqual(['grassroots', 'union']);
  });

  test('returns full stage definitions, as copies', () => {
    const stages = routeStages(DEFAULT_POLICY, 'illness', 300_000);
    expect(stages[2]).toEqual({
      code: 'leader',
      nameZh: '公司负责人审批',
      nameEn: expect.any(String),
      candidateRole: 'leader',
    });
    stages[0]!.candidateRole = 'admin';
    expect(DEFAULT_POLICY.stages[0]!.candidateRole).toBe('branch_chair');
  });

  test('first matching rule wins; a program-specific rule can precede the catch-alls', () => {
    const p = policy();
    p.routing.unshift({ program: 'hospital_visit', upToFen: null, stages: ['grassroots'] });
    expect(codes('hospital_visit', 100_000, p)).toEqual(['grassroots']);
    expect(codes('illness', 100_000, p)).toEqual(['grassroots', 'union']);
  });

  test('the catch-all routes any program, even one the rules do not name', () => {
    expect(codes('some_new_program', 10_000_000)).toEqual(['grassroots', 'union', 'leader']);
  });

  test('throws when no rule matches or a stage is undefined', () => {
    const p = policy();
    p.routing = [{ program: '*', upToFen: 200_000, stages: ['grassroots'] }];
    expect(() => routeStages(p, 'illness', 200_001)).toThrow(/no routing rule/);
    p.routing = [{ program: '*', upToFen: null, stages: ['county'] }];
    expect(() => routeStages(p, 'illness', 1)).toThrow(/undefined stage "county"/);
  });

  test('refuses amounts that are not fen', () => {
    expect(() => routeStages(DEFAULT_POLICY, 'illness', 1.5)).toThrow(RangeError);
    expect(() => routeStages(DEFAULT_POLICY, 'illness', -1)).toThrow(RangeError);
  });
});

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
      'program_exists',
      'amount_in_program_range',
      'active_file_required',
      'category_eligible',
      'no_open_case_same_program',
      'once_per_year',
    ]);
  });

  test('program_exists', () => {
    expect(checkEligibility(base({ programCode: 'loan' }))).toEqual({
      rule: 'program_exists',
      field: 'program',
      message: expect.stringContaining('"loan"'),
    });
  });

  test('amount_in_program_range: bounds inclusive, message in yuan and fen', () => {
    expect(checkEligibility(base({ amountFen: 50_000 }))).toBeNull();
    expect(checkEligibility(base({ amountFen: 500_000 }))).toBeNull();
    const low = checkEligibility(base({ amountFen: 49_999 }));
    expect(low).toMatchObject({ rule: 'amount_in_program_range', field: 'amountFen' });
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

describe('fourEyesRefusal', () => {
  test('a user who is not excluded may approve', () => {
    expect(fourEyesRefusal('u9', [])).toBeNull();
    expect(fourEyesRefusal('u9', [{ userId: 'u1', reason: 'investigator' }])).toBeNull();
  });

  test.each([
    ['investigator', 'the investigator cannot approve (四眼原则：调查人不能审批)'],
    ['caseworker', '经办人不能审批'],
    ['pairing_leader', '结对领导'],
    ['earlier_approver', '同一人不能审批两个环节'],
  ] as const)('%s is refused with an explanation', (reason, text) => {
    const refusal = fourEyesRefusal('u1', [
      { userId: 'u2', reason: 'investigator' },
      { userId: 'u1', reason },
    ]);
    expect(refusal?.reason).toBe(reason);
    expect(refusal?.message).toContain(text);
    expect(refusal?.message).toContain('four-eyes rule');
  });

  test('the investigator message reads in both languages', () => {
    expect(fourEyesRefusal('u1', [{ userId: 'u1', reason: 'investigator' }])?.message).toBe(
      'you investigated this file; four-eyes rule: the investigator cannot approve (四眼原则：调查人不能审批)',
    );
  });

  test('several reasons: the first in FOUR_EYES_REASONS order, whatever the list order', () => {
    expect([...FOUR_EYES_REASONS]).toEqual([
      'investigator',
      'caseworker',
      'pairing_leader',
      'earlier_approver',
    ]);
    expect(
      fourEyesRefusal('u1', [
        { userId: 'u1', reason: 'earlier_approver' },
        { userId: 'u1', reason: 'caseworker' },
      ])?.reason,
    ).toBe('caseworker');
  });
});
