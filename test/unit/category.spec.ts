import { computeCategory } from '../../libs/domain/category';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import type { HouseholdFigures, PolicyData } from '../../libs/domain/policy-types';

/** A mutable deep copy of the default policy to break in tests. */
function policy(): PolicyData {
  return JSON.parse(JSON.stringify(DEFAULT_POLICY)) as PolicyData;
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
