import { isPayrollDiscrepancy } from '../../libs/domain/payroll-check';
import { DEFAULT_POLICY } from '../../libs/domain/policy/defaults';
import { validatePolicy } from '../../libs/domain/policy/schema';

describe('isPayrollDiscrepancy (多部门联合审核)', () => {
  const policy = { gapThresholdPercent: 10 };

  test('declared income more than the threshold below the payroll is a discrepancy', () => {
    expect(isPayrollDiscrepancy({ months: 3, declaredFen: 300_000, payrollFen: 1_500_000 }, policy)).toBe(
      true,
    );
    // exactly 10% below: not more than the threshold
    expect(isPayrollDiscrepancy({ months: 3, declaredFen: 900_000, payrollFen: 1_000_000 }, policy)).toBe(
      false,
    );
    expect(isPayrollDiscrepancy({ months: 3, declaredFen: 899_999, payrollFen: 1_000_000 }, policy)).toBe(
      true,
    );
  });

  test('declared at or above the payroll, or no payroll, is never a discrepancy', () => {
    expect(isPayrollDiscrepancy({ months: 3, declaredFen: 930_000, payrollFen: 900_000 }, policy)).toBe(
      false,
    );
    expect(isPayrollDiscrepancy({ months: 0, declaredFen: 0, payrollFen: 0 }, policy)).toBe(false);
    expect(isPayrollDiscrepancy({ months: 2, declaredFen: 0, payrollFen: 0 }, policy)).toBe(false);
  });

  test('the threshold is policy: 0% flags any shortfall, 100% flags none', () => {
    const c = { months: 1, declaredFen: 99_999, payrollFen: 100_000 };
    expect(isPayrollDiscrepancy(c, { gapThresholdPercent: 0 })).toBe(true);
    expect(isPayrollDiscrepancy({ ...c, declaredFen: 0 }, { gapThresholdPercent: 100 })).toBe(false);
  });

  test('the policy section is validated: required, a whole percentage 0–100, no unknown fields', () => {
    expect(DEFAULT_POLICY.hrCrossCheck).toEqual({ gapThresholdPercent: 10 });
    const errors = (data: unknown) => {
      const r = validatePolicy(data);
      return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.rule}`);
    };
    const base = JSON.parse(JSON.stringify(DEFAULT_POLICY)) as Record<string, unknown>;
    expect(errors(base)).toEqual([]);
    expect(errors({ ...base, hrCrossCheck: undefined })).toContain('hrCrossCheck:required');
    expect(errors({ ...base, hrCrossCheck: { gapThresholdPercent: 101 } })).toContain(
      'hrCrossCheck.gapThresholdPercent:range',
    );
    expect(errors({ ...base, hrCrossCheck: { gapThresholdPercent: 10, other: 1 } })).toContain(
      'hrCrossCheck.other:unknown_field',
    );
  });
});
