import { dibaoFor } from '../../libs/domain/category';
import { DEFAULT_POLICY, DEFAULT_PROGRAM_CODES } from '../../libs/domain/policy/defaults';
import { findProgram } from '../../libs/domain/policy/lookup';
import { validatePolicy } from '../../libs/domain/policy/schema';

const SHANDONG = '370000';

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
