import {
  inIncomeWindow,
  incomeWindow,
  incomeWindowSql,
  INCOME_WINDOW_MONTHS,
} from '../../libs/domain/income-window';

describe('income window: the 12 complete months before the assessment date (China time)', () => {
  test('mid-year: the current month is left out, the 12 before it are in', () => {
    const w = incomeWindow(new Date('2026-07-15T04:00:00Z'));
    expect(w).toMatchObject({ fromMonth: '2025-07', toMonth: '2026-06', expenseYear: 2026 });
    expect(w.months).toHaveLength(INCOME_WINDOW_MONTHS);
    expect(inIncomeWindow(w, '2026-07')).toBe(false);
    expect(inIncomeWindow(w, '2026-06-01')).toBe(true);
    expect(inIncomeWindow(w, '2025-07')).toBe(true);
    expect(inIncomeWindow(w, '2025-06')).toBe(false);
  });

  test('at a year boundary: January counts all of last year, and last year’s expenses', () => {
    const w = incomeWindow(new Date('2027-01-15T04:00:00Z'));
    expect(w).toMatchObject({ fromMonth: '2026-01', toMonth: '2026-12', expenseYear: 2026 });
    expect(w.months).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
  });

  test('the month is the China month: 31 Dec 16:30 UTC is already 1 January in Beijing', () => {
    expect(incomeWindow(new Date('2026-12-31T16:30:00Z'))).toMatchObject({
      fromMonth: '2026-01',
      toMonth: '2026-12',
    });
    expect(incomeWindow(new Date('2026-12-31T15:30:00Z'))).toMatchObject({
      fromMonth: '2025-12',
      toMonth: '2026-11',
    });
    expect(incomeWindow(new Date('2027-02-01T00:00:00+08:00'))).toMatchObject({
      fromMonth: '2026-02',
      toMonth: '2027-01',
      expenseYear: 2027,
    });
  });

  test('the SQL form names the same bounds from a timestamptz expression', () => {
    const sql = incomeWindowSql('$4::timestamptz');
    expect(sql.fromDay).toContain("interval '12 months'");
    expect(sql.toDay).toContain('Asia/Shanghai');
    expect(sql.expenseYear).toContain("interval '1 month'");
  });
});
