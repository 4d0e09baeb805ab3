import { portfolioAtRisk } from '../../libs/domain/par';

describe('portfolioAtRisk (PAR1 / PAR30 / PAR90)', () => {
  test('PAR1 counts every overdue bucket, PAR30 over 30 days, PAR90 over 90 days', () => {
    const par = portfolioAtRisk([
      { bucket: 'current', loans: 5, outstandingFen: 600_000 },
      { bucket: '1-30', loans: 1, outstandingFen: 200_000 },
      { bucket: '31-60', loans: 1, outstandingFen: 100_000 },
      { bucket: '61-90', loans: 0, outstandingFen: 0 },
      { bucket: '90+', loans: 1, outstandingFen: 100_000 },
    ]);
    expect(par).toEqual([
      { days: 1, loans: 3, outstandingFen: 400_000, percent: 40 },
      { days: 30, loans: 2, outstandingFen: 200_000, percent: 20 },
      { days: 90, loans: 1, outstandingFen: 100_000, percent: 10 },
    ]);
  });

  test('an empty portfolio is 0 % at risk', () => {
    expect(portfolioAtRisk([]).map((p) => p.percent)).toEqual([0, 0, 0]);
  });
});
