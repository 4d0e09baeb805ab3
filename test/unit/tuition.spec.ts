import { DEFAULT_TUITION_POLICY, checkTuitionPolicy } from '../../libs/domain/campaign-policy';
import { Checker } from '../../libs/domain/policy/checker';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { tuitionAmount, tuitionWindow } from '../../libs/domain/tuition';

describe('金秋助学 window and amounts', () => {
  test('1 July – 30 September by default, inclusive; the school year starts that year', () => {
    expect(tuitionWindow(DEFAULT_TUITION_POLICY, '2027-06-30')).toEqual({
      from: '2027-07-01',
      to: '2027-09-30',
      open: false,
      schoolYear: '2027-2028',
    });
    expect(tuitionWindow(DEFAULT_TUITION_POLICY, '2027-07-01').open).toBe(true);
    expect(tuitionWindow(DEFAULT_TUITION_POLICY, '2027-09-30').open).toBe(true);
    expect(tuitionWindow(DEFAULT_TUITION_POLICY, '2027-10-01').open).toBe(false);
  });
  test('2,000 yuan for every level today; unknown level → null', () => {
    for (const l of ['senior_high', 'vocational', 'undergraduate', 'postgraduate'])
      expect(tuitionAmount(DEFAULT_TUITION_POLICY, l)).toBe(200_000);
    expect(tuitionAmount(DEFAULT_TUITION_POLICY, 'kindergarten')).toBeNull();
  });
  test('policy validation: a window that ends before it starts and a zero amount are refused', () => {
    const c = new Checker();
    const bad = {
      ...DEFAULT_TUITION_POLICY,
      window: { fromMonth: 9, fromDay: 30, toMonth: 7, toDay: 1 },
      levels: [{ code: 'senior_high', nameZh: '高中', nameEn: 'High', amountFen: 0 }],
    };
    expect(checkTuitionPolicy(c, bad, DEFAULT_POLICY.programs)).toBeUndefined();
    expect(c.errors.map((e) => `${e.field}:${e.rule}`)).toEqual([
      'tuition.window:order',
      'tuition.levels[0].amountFen:positive_fen',
    ]);
  });
});
