import {
  evaluationFigures,
  meanFen,
  meanTenths,
  perCapitaMonthlyFen,
  wholeMonthsBetween,
} from '../../libs/domain/evaluation';

test('per-capita monthly income: the window total ÷ 12 months ÷ members, rounded down to the fen', () => {
  // 3 members, 12 months of 2,000.00 yuan: 2,400,000 fen / 12 / 3 = 66,666.67 → 66,666 fen
  expect(perCapitaMonthlyFen(2_400_000, 3)).toBe(66_666);
  expect(perCapitaMonthlyFen(1_200_000, 4)).toBe(25_000);
  expect(perCapitaMonthlyFen(1_000, 0)).toBe(0);
});

test('whole months between two dates', () => {
  expect(wholeMonthsBetween('2026-01-31', '2026-02-28')).toBe(0);
  expect(wholeMonthsBetween('2026-01-31', '2026-03-31')).toBe(2);
  expect(wholeMonthsBetween('2025-06-15', '2026-06-14')).toBe(11);
  expect(wholeMonthsBetween('2025-06-15', '2026-06-15')).toBe(12);
});

test('means round half up; nothing to average is null', () => {
  expect(meanFen(5, 2)).toBe(3); // 2.5 → 3
  expect(meanFen(4, 3)).toBe(1); // 1.33 → 1
  expect(meanFen(-5, 2)).toBe(-2); // −2.5 → −2 (half up)
  expect(meanFen(10, 0)).toBeNull();
  expect(meanTenths(25, 3)).toBe(8.3); // 8.333…
  expect(meanTenths(1, 4)).toBe(0.3); // 0.25 → 0.3
  expect(meanTenths(1, 0)).toBeNull();
});

test('group figures from sums', () => {
  const f = evaluationFigures({
    files: 4,
    households: 4,
    exits: 2,
    relapses: 1,
    incomeBeforeSumFen: 400_000,
    incomeAfterSumFen: 600_002,
    monthsToExitSum: 25,
    measuresTotal: 8,
    measuresDone: 5,
    jobsFound: 2,
    keptInSchool: 1,
    aidFen: 1_000_001,
    aidExitedFen: 300_000,
  });
  expect(f.avgIncomeBeforeFen).toBe(100_000);
  expect(f.avgIncomeAfterFen).toBe(150_001); // 150,000.5 → 150,001
  expect(f.avgIncomeChangeFen).toBe(50_001); // 200,002 / 4 = 50,000.5 → 50,001
  expect(f.avgMonthsToExit).toBe(12.5);
  expect(f.relapseRatePercent).toBe(50);
  expect(f.aidPerHouseholdFen).toBe(250_000); // 250,000.25
  expect(f.aidPerExitFen).toBe(150_000);
});
